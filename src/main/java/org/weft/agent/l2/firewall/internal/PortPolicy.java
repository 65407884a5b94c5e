package org.weft.agent.l2.firewall.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
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
        rules = List.copyOf(new LinkedHashSet<>(rules));
    }

    /** The policy of {@code port} out of its groups' rules, each remote group expanded. */
    public static PortPolicy of(WiredPort port, GroupPolicies groups) {
        return new PortPolicy(port, rules(port.securityGroups(), groups));
    }

    /**
     * The rules of the groups {@code ofGroups} out of {@code groups}, each remote group expanded to
     * its members' addresses: what every port of exactly these groups may send and receive.
     */
    public static List<PolicyRule> rules(Collection<String> ofGroups, GroupPolicies groups) {
        List<PolicyRule> expanded = new ArrayList<>();
        for (String group : ofGroups) {
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
        return List.copyOf(new LinkedHashSet<>(expanded));
    }

    public List<PolicyRule> rules(PolicyRule.Direction direction) {
        return rules.stream().filter(rule -> rule.direction() == direction).toList();
    }
}
