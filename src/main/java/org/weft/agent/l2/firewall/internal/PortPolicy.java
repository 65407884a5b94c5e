package org.weft.agent.l2.firewall.internal;

import java.util.List;
import org.weft.agent.l2.WiredPort;

/**
 * What a filtered port may send and receive: its rules, every remote group expanded to its members'
 * addresses, duplicates removed. A port with no rule of a direction gets nothing of it (beyond what
 * every port needs: DHCP, neighbour discovery, replies to allowed traffic).
 */
public record PortPolicy(WiredPort port, List<PolicyRule> rules) {
    public PortPolicy {
        rules = List.copyOf(new java.util.LinkedHashSet<>(rules));
    }

    public List<PolicyRule> rules(PolicyRule.Direction direction) {
        return rules.stream().filter(rule -> rule.direction() == direction).toList();
    }
}
