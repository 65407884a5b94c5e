package org.weft.agent.metadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.linux.SupervisedProcess;

/**
 * The metadata proxy of one router or one network: an haproxy in the router's (or DHCP) namespace,
 * supervised, that takes a VM's metadata request, drops every header by which the VM could claim to
 * be someone else, adds the scope ({@code X-Neutron-Router-ID} or {@code X-Neutron-Network-ID}) and
 * the VM's address ({@code X-Forwarded-For}), and passes it to the metadata agent's unix socket.
 *
 * <p>A router's proxy listens on {@code 0.0.0.0:metadata_port}, where the router's nat rules
 * redirect 169.254.169.254:80; a network's (isolated metadata) listens on 169.254.169.254:80
 * itself.
 */
public final class MetadataProxy {
    private static final Logger log = LoggerFactory.getLogger(MetadataProxy.class);

    /** Headers a VM may send that say who it is; the proxy removes them all. */
    static final List<String> FORGEABLE =
            List.of("X-Instance-ID", "X-Instance-ID-Signature", "X-Tenant-ID", "X-Forwarded-For");

    private final MetadataScope scope;
    private final List<String> binds;
    private final Path agentSocket;
    private final Path configFile;
    private final SupervisedProcess haproxy;

    private MetadataProxy(
            MetadataScope scope,
            Placement namespace,
            List<String> binds,
            Path agentSocket,
            Path runDirectory) {
        this.scope = Objects.requireNonNull(scope);
        this.binds = List.copyOf(binds);
        this.agentSocket = agentSocket.toAbsolutePath();
        this.configFile = runDirectory.toAbsolutePath().resolve("haproxy.cfg");
        this.haproxy =
                new SupervisedProcess(
                        "haproxy " + scope,
                        namespace,
                        List.of("haproxy", "-db", "-f", configFile.toString()),
                        runDirectory.toAbsolutePath());
    }

    /**
     * The proxy of router {@code routerId}, in the router's namespace, on all addresses at {@code
     * port} (the l3 agent's {@code metadata_port}).
     */
    public static MetadataProxy forRouter(
            String routerId, Placement namespace, int port, Path agentSocket, Path runDirectory) {
        return new MetadataProxy(
                MetadataScope.router(routerId),
                namespace,
                List.of("0.0.0.0:" + port),
                agentSocket,
                runDirectory);
    }

    /**
     * The proxy of network {@code networkId}, in its DHCP namespace, on each of {@code binds}
     * ({@code 169.254.169.254:80}, say).
     */
    public static MetadataProxy forNetwork(
            String networkId,
            Placement namespace,
            List<String> binds,
            Path agentSocket,
            Path runDirectory) {
        return new MetadataProxy(
                MetadataScope.network(networkId), namespace, binds, agentSocket, runDirectory);
    }

    public MetadataScope scope() {
        return scope;
    }

    /**
     * Ensures haproxy runs with this configuration; a changed configuration restarts it. It returns
     * once haproxy is started, not once it listens: a request in the first few milliseconds after a
     * router appears may find the port closed, and the VM's client retries.
     */
    public void ensure() {
        boolean changed = writeConfiguration(configuration());
        if (changed && haproxy.isRunning()) {
            log.info("metadata proxy configuration changed, restarting {}", scope);
            haproxy.restart();
        } else if (changed) {
            // A proxy left by an earlier agent with another configuration must not be adopted.
            haproxy.stop();
            haproxy.ensureRunning();
        } else {
            haproxy.ensureRunning();
        }
    }

    /** Stops haproxy and removes its files. */
    public void remove() {
        haproxy.stop();
        try {
            Files.deleteIfExists(configFile);
        } catch (IOException e) {
            log.warn("cannot delete {} of metadata proxy {}: {}", configFile, scope, e.toString());
        }
    }

    /** Leaves haproxy running, no longer watched, for the next agent to adopt. */
    public void detach() {
        haproxy.detach();
    }

    public boolean isRunning() {
        return haproxy.isRunning();
    }

    /** haproxy's pid while it runs, for tests that kill it. */
    public java.util.Optional<Long> pid() {
        return haproxy.pid();
    }

    /** The haproxy configuration: one listener, the header rules, the agent's socket. */
    String configuration() {
        StringBuilder text = new StringBuilder();
        text.append("# Written by Weft for the metadata proxy of ").append(scope).append('\n');
        text.append("global\n    maxconn 1024\n\n");
        text.append("defaults\n");
        text.append("    mode http\n");
        text.append("    option http-server-close\n");
        text.append("    retries 3\n");
        text.append("    timeout http-request 30s\n");
        text.append("    timeout connect 30s\n");
        text.append("    timeout client 32s\n");
        text.append("    timeout server 32s\n");
        text.append("    timeout http-keep-alive 30s\n\n");
        text.append("listen metadata\n");
        for (String bind : binds) {
            text.append("    bind ").append(bind).append('\n');
        }
        for (String header : FORGEABLE) {
            text.append("    http-request del-header ").append(header).append('\n');
        }
        text.append("    http-request del-header (?i)^x-neutron- -m reg\n");
        text.append("    http-request set-header ")
                .append(scope.headerName())
                .append(' ')
                .append(scope.id())
                .append('\n');
        text.append("    http-request set-header X-Forwarded-For %[src]\n");
        text.append("    server agent unix@").append(agentSocket).append('\n');
        return text.toString();
    }

    private boolean writeConfiguration(String text) {
        try {
            Files.createDirectories(configFile.getParent());
            if (Files.exists(configFile)
                    && Files.readString(configFile, StandardCharsets.UTF_8).equals(text)) {
                return false;
            }
            Path partial = configFile.resolveSibling("haproxy.cfg.tmp");
            Files.writeString(partial, text, StandardCharsets.UTF_8);
            Files.move(partial, configFile, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile, e);
        }
    }
}
