package org.weft.dataplane.linux;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code weft cleanup netns}, as Neutron's {@code neutron-netns-cleanup}: the agents' namespaces
 * ({@code qdhcp-<network id>}, {@code qrouter-<router id>}) that are left without an agent. A
 * namespace is Weft's when its name is one of the prefixes followed by a UUID, as the agents name
 * them; nothing else is touched.
 *
 * <p>Without force only empty namespaces go (no process, no device but {@code lo}); with force the
 * processes in them (dnsmasq, haproxy, radvd) are stopped, TERM then KILL, and the namespaces are
 * removed with their devices. The ports those devices had on Open vSwitch are {@code weft cleanup
 * ovs}'s.
 */
public final class NamespaceCleanup {
    private static final Logger log = LoggerFactory.getLogger(NamespaceCleanup.class);
    private static final Pattern UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Duration GRACE = Duration.ofSeconds(5);

    /** The prefixes of the namespaces Weft's agents make. */
    public static final List<String> AGENT_PREFIXES = List.of("qdhcp-", "qrouter-");

    private final IpRoute2 host;
    private final List<String> prefixes;

    /**
     * @param host where the namespaces are seen
     * @param prefixes the names' prefixes, each followed by a UUID ({@link #AGENT_PREFIXES})
     */
    public NamespaceCleanup(Placement host, List<String> prefixes) {
        this.host = IpRoute2.in(host);
        this.prefixes = List.copyOf(prefixes);
    }

    /** The namespaces that are Weft's by their names. */
    public List<String> weftNamespaces() {
        return host.namespaces().stream().filter(this::isWeftName).toList();
    }

    private boolean isWeftName(String namespace) {
        return prefixes.stream()
                .anyMatch(
                        prefix ->
                                namespace.startsWith(prefix)
                                        && UUID.matcher(namespace.substring(prefix.length()))
                                                .matches());
    }

    /** Removes Weft's namespaces that are empty, or all of them with {@code force}; says which. */
    public List<String> remove(boolean force) {
        List<String> removed = new ArrayList<>();
        for (String namespace : weftNamespaces()) {
            List<Long> pids = pids(namespace);
            List<String> devices = devices(namespace);
            if (!force && (!pids.isEmpty() || !devices.isEmpty())) {
                log.info(
                        "kept namespace={}: processes={} devices={} (force removes it)",
                        namespace,
                        pids,
                        devices);
                continue;
            }
            pids.forEach(NamespaceCleanup::stop);
            host.deleteNamespace(namespace);
            log.info("removed namespace={} processes={} devices={}", namespace, pids, devices);
            removed.add(namespace);
        }
        return removed;
    }

    private List<Long> pids(String namespace) {
        return Command.of(host.placement().wrap(List.of("ip", "netns", "pids", namespace)))
                .run()
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .map(Long::parseLong)
                .toList();
    }

    /** The devices in {@code namespace} other than its loopback. */
    private List<String> devices(String namespace) {
        return Command.of(
                        host.inside(namespace)
                                .placement()
                                .wrap(List.of("ip", "-o", "link", "show")))
                .run()
                .lines()
                .map(line -> line.split(":\\s+", 3))
                .filter(fields -> fields.length > 1)
                .map(fields -> fields[1].split("@")[0])
                .filter(device -> !device.equals("lo"))
                .toList();
    }

    private static void stop(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return;
        }
        process.get().destroy();
        Instant deadline = Instant.now().plus(GRACE);
        while (process.get().isAlive() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (process.get().isAlive()) {
            process.get().destroyForcibly();
        }
    }
}
