package org.weft.agent.l2.firewall.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.agent.l2.WiredPort;

/**
 * Cuts the tracked connections a port's policy no longer allows, as Neutron does: both drivers let
 * established connections by before the rules, so a deleted rule, a remote group member gone or a
 * group the port left would otherwise stop only new connections. It remembers each port's policy
 * from one call to the next; a port whose policy lost rules has its zone read and the connections
 * the new policy does not allow deleted, the rest of its zone and every other port's left alone. It
 * must be called once the new rules are in place, so that what the cut connections send next is
 * judged by them.
 *
 * <p>A port first seen (after the agent starts, say) is only remembered: connections a rule deleted
 * while the agent was away are not cut.
 */
public final class ConnectionCutter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionCutter.class);

    private final ConntrackZones conntrack;
    private final Map<String, PortPolicy> previous = new HashMap<>();

    public ConnectionCutter(ConntrackZones conntrack) {
        this.conntrack = conntrack;
    }

    /**
     * Cuts what {@code policies}, now in force, no longer allow; the ports absent are forgotten.
     */
    public void cut(List<PortPolicy> policies) {
        Map<String, PortPolicy> current = new HashMap<>();
        List<PortPolicy> losing = new ArrayList<>();
        for (PortPolicy policy : policies) {
            PortPolicy before = previous.get(policy.port().portId());
            if (before != null && lostRules(before, policy)) {
                losing.add(policy);
            }
            current.put(policy.port().portId(), policy);
        }
        previous.clear();
        previous.putAll(current);
        if (!losing.isEmpty()) {
            cutAll(losing);
        }
    }

    /** Whether {@code now} lacks a rule {@code before} had, in the same zone. */
    static boolean lostRules(PortPolicy before, PortPolicy now) {
        return before.port().ofport() == now.port().ofport()
                && !new HashSet<>(now.rules()).containsAll(before.rules());
    }

    private void cutAll(List<PortPolicy> losing) {
        // Both drivers give a port the conntrack zone of its OpenFlow port number. A change to a
        // group shrinks the policy of every port in it: their zones are read in one go.
        Set<Integer> zones = new TreeSet<>();
        losing.forEach(policy -> zones.add(policy.port().ofport()));
        Map<Integer, List<TrackedConnection>> tracked;
        try {
            tracked = conntrack.list(zones);
        } catch (RuntimeException e) {
            log.warn(
                    "cannot read the connections of the ports whose rules shrank zones={}: {}",
                    zones,
                    e.getMessage());
            return;
        }
        for (PortPolicy policy : losing) {
            cutPort(policy, tracked.getOrDefault(policy.port().ofport(), List.of()));
        }
    }

    private void cutPort(PortPolicy policy, List<TrackedConnection> tracked) {
        WiredPort port = policy.port();
        int zone = port.ofport();
        try {
            int count = 0;
            for (TrackedConnection connection : ConnectionPolicy.disallowed(policy, tracked)) {
                if (conntrack.delete(zone, connection)) {
                    count++;
                    log.debug("connection cut port={} zone={} {}", port.portId(), zone, connection);
                }
            }
            if (count > 0) {
                log.info("connections cut port={} zone={} count={}", port.portId(), zone, count);
            }
        } catch (RuntimeException e) {
            log.warn(
                    "cannot cut the connections its rules no longer allow port={} zone={}: {}",
                    port.portId(),
                    zone,
                    e.getMessage());
        }
    }
}
