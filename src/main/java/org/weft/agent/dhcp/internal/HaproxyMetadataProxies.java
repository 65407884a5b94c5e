package org.weft.agent.dhcp.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.weft.agent.dhcp.MetadataProxies;
import org.weft.agent.metadata.MetadataProxy;
import org.weft.dataplane.linux.Placement;

/**
 * The metadata agent's haproxy, one per isolated network, on 169.254.169.254:80 in the network's
 * DHCP namespace, with its files under {@code <run directory>/<network_id>/}. A proxy left by an
 * earlier agent is adopted.
 */
public final class HaproxyMetadataProxies implements MetadataProxies {
    private static final List<String> BINDS = List.of(Metadata.ADDRESS + ":80");

    private final Path agentSocket;
    private final Path runDirectory;
    private final Map<String, MetadataProxy> proxies = new ConcurrentHashMap<>();

    /**
     * @param agentSocket the metadata agent's unix socket ({@code metadata_proxy_socket})
     * @param runDirectory where each network's proxy keeps its files
     */
    public HaproxyMetadataProxies(Path agentSocket, Path runDirectory) {
        this.agentSocket = agentSocket;
        this.runDirectory = runDirectory;
    }

    @Override
    public void ensure(String networkId, Placement namespace) {
        proxies.computeIfAbsent(
                        networkId,
                        id ->
                                MetadataProxy.forNetwork(
                                        id,
                                        namespace,
                                        BINDS,
                                        agentSocket,
                                        runDirectory.resolve(id)))
                .ensure();
    }

    @Override
    public void remove(String networkId) {
        MetadataProxy proxy = proxies.remove(networkId);
        if (proxy != null) {
            proxy.remove();
        } else if (Files.isDirectory(runDirectory.resolve(networkId))) {
            // A proxy an earlier agent left: stopping it needs only its recorded process.
            MetadataProxy.forNetwork(
                            networkId,
                            Placement.here(),
                            BINDS,
                            agentSocket,
                            runDirectory.resolve(networkId))
                    .remove();
        }
    }

    @Override
    public void detach() {
        proxies.values().forEach(MetadataProxy::detach);
        proxies.clear();
    }

    /** haproxy's pid for a network, while it runs. */
    public Optional<Long> pid(String networkId) {
        return Optional.ofNullable(proxies.get(networkId)).flatMap(MetadataProxy::pid);
    }
}
