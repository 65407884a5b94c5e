package org.weft.agent.l2.firewall.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    /** The policy of {@code port} out of its groups' rules, each remote group expanded. */
    public static PortPolicy of(WiredPort port, GroupPolicies groups) {
        List<PolicyRule> expanded = new ArrayList<>();
        for (String group : port.securityGroups()) {
            for (PolicyRule rule : groups.rules().getOrDefault(group, List.of())) {
                if (rule.remoteGroup().isEmpty()) {
                    expanded.add(rule);
                    continue;
                }
                for (Prefix member : groups.members(rule.remoteGroup().get(), rule.ipVersion())) {
                    expanded.add(
                            new PolicyRule(
                                    rule.direction(),
                                    rule.ipVersion(),
                                    rule.protocol(),
                                    rule.portMin(),
                                    rule.portMax(),
                                    rule.icmpType(),
                                    rule.icmpCode(),
                                    Optional.of(member),
                                    Optional.empty()));
                }
            }
        }
        return new PortPolicy(port, expanded);
    }

    public List<PolicyRule> rules(PolicyRule.Direction direction) {
        return rules.stream().filter(rule -> rule.direction() == direction).toList();
    }
}
