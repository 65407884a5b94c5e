package org.weft.agent.l2.firewall.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.config.StartRefusedException;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.CommandFailedException;
import org.weft.dataplane.linux.Placement;

/**
 * The driver's own chains of one IP version ({@code iptables} or {@code ip6tables}) in one network
 * namespace, made to be as wanted by one {@code iptables-restore --noflush} per change that names
 * only the chains that differ from what it applied last (declaring a chain flushes it; chains no
 * longer wanted are flushed and deleted in the same step), so every other chain, and every
 * connection, is left alone. Chains of the driver's prefix left by an earlier run are rewritten or
 * removed at the first change.
 */
public final class IptablesTables {
    private static final Logger log = LoggerFactory.getLogger(IptablesTables.class);
    private static final String PREFIX = "weft-";

    private final String command;
    private final Placement placement;
    private final Map<String, Map<String, List<String>>> applied = new HashMap<>();

    /** {@code version} 4 or 6. */
    public IptablesTables(int version, Placement placement) {
        this.command = version == 4 ? "iptables" : "ip6tables";
        this.placement = placement;
    }

    /**
     * Creates the driver's entry chains if missing and hooks them into the built-in ones ({@code
     * raw PREROUTING}, {@code filter FORWARD}), after what the chains of an earlier run hold.
     */
    public void hook(Map<String, String> entryChains) {
        for (Map.Entry<String, String> entry : entryChains.entrySet()) {
            String table = entry.getKey();
            String chain = entry.getValue();
            String builtIn = table.equals(IptablesRules.RAW) ? "PREROUTING" : "FORWARD";
            Set<String> existing = chains(table);
            if (!existing.contains(chain)) {
                run(command, "-t", table, "-N", chain);
            }
            if (!Command.of(command, "-t", table, "-C", builtIn, "-j", chain)
                    .in(placement)
                    .execute()
                    .succeeded()) {
                run(command, "-t", table, "-I", builtIn, "1", "-j", chain);
            }
        }
        for (String table : List.of(IptablesRules.RAW, IptablesRules.FILTER)) {
            Map<String, List<String>> known = new LinkedHashMap<>();
            // Unknown contents: rewritten at the first change, or removed if no longer wanted.
            chains(table).forEach(chain -> known.put(chain, null));
            applied.put(table, known);
        }
    }

    /**
     * Makes the driver's chains of every table as {@code wanted}; returns whether it changed any.
     */
    public boolean ensure(Map<String, Map<String, List<String>>> wanted) {
        StringBuilder input = new StringBuilder();
        int changed = 0;
        for (Map.Entry<String, Map<String, List<String>>> table : wanted.entrySet()) {
            Map<String, List<String>> before = applied.getOrDefault(table.getKey(), Map.of());
            // Every chain is declared before any rule, which may jump to a later one.
            StringBuilder declarations = new StringBuilder();
            StringBuilder lines = new StringBuilder();
            for (Map.Entry<String, List<String>> chain : table.getValue().entrySet()) {
                if (chain.getValue().equals(before.get(chain.getKey()))) {
                    continue;
                }
                changed++;
                declarations.append(':').append(chain.getKey()).append(" - [0:0]\n");
                for (String rule : chain.getValue()) {
                    lines.append("-A ")
                            .append(chain.getKey())
                            .append(' ')
                            .append(rule)
                            .append('\n');
                }
            }
            for (String gone : before.keySet()) {
                if (!table.getValue().containsKey(gone)) {
                    changed++;
                    declarations.append(':').append(gone).append(" - [0:0]\n");
                    lines.append("-X ").append(gone).append('\n');
                }
            }
            lines.insert(0, declarations);
            if (!lines.isEmpty()) {
                input.append('*')
                        .append(table.getKey())
                        .append('\n')
                        .append(lines)
                        .append("COMMIT\n");
            }
        }
        if (input.isEmpty()) {
            return false;
        }
        // Large rule sets take iptables-nft a while; a timeout would only make the agent resync.
        Command.of(command + "-restore", "--noflush")
                .withInput(input.toString())
                .withTimeout(java.time.Duration.ofMinutes(5))
                .in(placement)
                .run();
        wanted.forEach((table, chains) -> applied.put(table, new LinkedHashMap<>(chains)));
        log.info("{} chains applied changed={}", command, changed);
        return true;
    }

    /** Turns bridged traffic over to iptables in this namespace, as the driver needs. */
    public static void enableBridgeFiltering(Placement placement) {
        try {
            Command.of(
                            "sysctl",
                            "-q",
                            "-w",
                            "net.bridge.bridge-nf-call-iptables=1",
                            "net.bridge.bridge-nf-call-ip6tables=1")
                    .in(placement)
                    .run();
        } catch (CommandFailedException e) {
            throw new StartRefusedException(
                    "firewall_driver = iptables_hybrid needs bridge netfilter, which this host"
                            + " lacks ("
                            + e.getMessage()
                            + "): load it with modprobe br_netfilter, or use firewall_driver ="
                            + " openvswitch");
        }
    }

    private Set<String> chains(String table) {
        Set<String> chains = new LinkedHashSet<>();
        for (String line :
                Command.of(command + "-save", "-t", table).in(placement).run().lines().toList()) {
            if (line.startsWith(":" + PREFIX)) {
                chains.add(line.substring(1).split(" ")[0]);
            }
        }
        return chains;
    }

    private void run(String... argv) {
        Command.of(argv).in(placement).run();
    }
}
