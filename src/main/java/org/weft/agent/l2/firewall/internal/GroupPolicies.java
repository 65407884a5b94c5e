package org.weft.agent.l2.firewall.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.weft.agent.l2.firewall.internal.PolicyRule.Direction;

/**
 * The security groups of a host's filtered ports, each group's rules as a whole with remote groups
 * kept unexpanded, and the addresses of every remote group those rules name: what a driver needs
 * that shares one set of rules per group among the group's ports and matches remote groups as
 * address sets.
 *
 * @param rules each group's rules, by group id, duplicates removed
 * @param members each named remote group's member addresses, by group id and IP version
 */
public record GroupPolicies(
        Map<String, List<PolicyRule>> rules, Map<String, Map<Integer, Set<Prefix>>> members) {

    public GroupPolicies {
        rules = Map.copyOf(rules);
        members = Map.copyOf(members);
    }

    /** The rules of {@code group} of one direction and IP version. */
    public List<PolicyRule> rules(String group, Direction direction, int version) {
        return rules.getOrDefault(group, List.of()).stream()
                .filter(rule -> rule.direction() == direction && rule.ipVersion() == version)
                .toList();
    }

    /** The addresses of {@code group}'s members of one IP version. */
    public Set<Prefix> members(String group, int version) {
        return members.getOrDefault(group, Map.of()).getOrDefault(version, Set.of());
    }
}
