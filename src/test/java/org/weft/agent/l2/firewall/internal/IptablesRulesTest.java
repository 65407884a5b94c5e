package org.weft.agent.l2.firewall.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.weft.agent.l2.WiredPort;
import org.weft.bus.message.L2Messages.SecurityGroupRule;

class IptablesRulesTest {

    private static Map<String, Map<String, List<String>>> render(
            int version, SecurityGroupRule... rules) {
        return IptablesRules.render(List.of(FirewallFlowsTest.PORT), web(rules), version);
    }

    /**
     * The port's one group {@code web} with {@code rules}; remote group {@code db} has two members.
     */
    private static GroupPolicies web(SecurityGroupRule... rules) {
        List<PolicyRule> all = new ArrayList<>();
        for (SecurityGroupRule rule : rules) {
            all.addAll(PolicyRule.unexpanded(rule));
        }
        Map<Integer, Set<Prefix>> db =
                Map.of(
                        4, Set.of(Prefix.parse("10.0.0.8"), Prefix.parse("10.0.0.9")),
                        6, Set.of());
        return new GroupPolicies(Map.of("web", all), Map.of("db", db));
    }

    private static SecurityGroupRule fromGroup(String ethertype, String remoteGroup) {
        return new SecurityGroupRule(
                "r", "web", "ingress", ethertype, "tcp", 5432, 5432, null, remoteGroup);
    }

    @Test
    void portGetsZonesDispatchAndItsThreeChains() {
        Map<String, Map<String, List<String>>> tables = render(4);

        assertThat(tables.get("raw").get("weft-ct"))
                .containsExactly(
                        "-m physdev --physdev-in tap0123456789a -j CT --zone 7",
                        "-m physdev --physdev-in qvb0123456789a -j CT --zone 7");
        assertThat(tables.get("filter").get("weft-fwd"))
                .containsExactly(
                        "-m physdev --physdev-out tap0123456789a --physdev-is-bridged -j"
                                + " weft-i0123456789",
                        "-m physdev --physdev-in tap0123456789a --physdev-is-bridged -j"
                                + " weft-o0123456789");
        assertThat(tables.get("filter"))
                .containsKeys("weft-i0123456789", "weft-o0123456789", "weft-s0123456789");
    }

    @Test
    void ingressChainAcceptsStateThenTheGroupsChainThenDrops() {
        Map<String, List<String>> filter =
                render(4, FirewallFlowsTest.rule("ingress", "IPv4", "tcp", 22, 23, "10.1.0.0/16"))
                        .get("filter");
        List<String> ingress = filter.get("weft-i0123456789");

        assertThat(ingress.get(0))
                .isEqualTo("-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        assertThat(ingress.get(ingress.size() - 2)).isEqualTo("-j weft-giweb");
        assertThat(ingress.get(ingress.size() - 1)).isEqualTo("-j DROP");
        assertThat(filter.get("weft-giweb"))
                .containsExactly("-s 10.1.0.0/16 -p tcp -m tcp --dport 22:23 -j ACCEPT");
    }

    @Test
    void egressChainChecksSourcesBeforeTheGroupsRules() {
        Map<String, List<String>> filter =
                render(4, FirewallFlowsTest.rule("egress", "IPv4", "icmp", 8, null, null))
                        .get("filter");
        List<String> egress = filter.get("weft-o0123456789");

        assertThat(egress.indexOf("-j weft-s0123456789"))
                .isGreaterThanOrEqualTo(0)
                .isLessThan(egress.indexOf("-j weft-geweb"));
        assertThat(filter.get("weft-geweb"))
                .containsExactly("-p icmp -m icmp --icmp-type 8 -j ACCEPT");
        assertThat(filter.get("weft-giweb")).isEmpty();
    }

    @Test
    void groupRulesAreWrittenOnceForAllItsPorts() {
        WiredPort other = FirewallFlowsTest.port("fedcba9876543210", 8, List.of("web"));
        Map<String, List<String>> filter =
                IptablesRules.render(
                                List.of(FirewallFlowsTest.PORT, other),
                                web(FirewallFlowsTest.rule("ingress", "IPv4", "tcp", 22, 22, null)),
                                4)
                        .get("filter");

        assertThat(filter.values().stream().flatMap(List::stream))
                .filteredOn(line -> line.contains("--dport 22"))
                .hasSize(1);
        assertThat(filter.get("weft-ifedcba9876")).contains("-j weft-giweb");
    }

    @Test
    void remoteGroupIsMatchedAsTheSetOfItsMembers() {
        GroupPolicies policies = web(fromGroup("IPv4", "db"), fromGroup("IPv6", "db"));

        assertThat(
                        IptablesRules.render(List.of(FirewallFlowsTest.PORT), policies, 4)
                                .get("filter")
                                .get("weft-giweb"))
                .containsExactly(
                        "-m set --match-set weft4-db src -p tcp -m tcp --dport 5432 -j ACCEPT");
        assertThat(IptablesRules.sets(policies, 4))
                .containsExactly(
                        Map.entry(
                                "weft4-db",
                                Set.of(Prefix.parse("10.0.0.8"), Prefix.parse("10.0.0.9"))));
        assertThat(IptablesRules.sets(policies, 6)).containsOnlyKeys("weft6-db");
    }

    @Test
    void portWithoutGroupsDropsAllButWhatEveryPortNeeds() {
        WiredPort bare = FirewallFlowsTest.port("0123456789abcdef", 7, List.of());
        Map<String, List<String>> filter =
                IptablesRules.render(List.of(bare), new GroupPolicies(Map.of(), Map.of()), 4)
                        .get("filter");

        assertThat(filter.get("weft-i0123456789")).noneMatch(line -> line.contains("weft-g"));
        assertThat(filter).doesNotContainKey("weft-giweb");
    }

    @Test
    void sourceChainAllowsTheFixedIpWithTheMacOnly() {
        assertThat(render(4).get("filter").get("weft-s0123456789"))
                .containsExactly(
                        "-s 10.0.0.7/32 -m mac --mac-source fa:16:3e:00:00:07 -j RETURN",
                        "-j DROP");
    }

    @Test
    void ipv6ChainsHoldOnlyIpv6RulesAndNeighbourDiscovery() {
        Map<String, List<String>> filter =
                render(
                                6,
                                FirewallFlowsTest.rule("ingress", "IPv4", "tcp", 22, 22, null),
                                FirewallFlowsTest.rule(
                                        "ingress", "IPv6", "ipv6-icmp", 128, null, null))
                        .get("filter");

        assertThat(filter.get("weft-i0123456789"))
                .contains("-p ipv6-icmp -m icmp6 --icmpv6-type 135 -j ACCEPT");
        assertThat(filter.get("weft-giweb"))
                .containsExactly("-p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT");
        assertThat(filter.get("weft-s0123456789")).anyMatch(line -> line.startsWith("-s fe80:"));
    }

    @Test
    void protocolWithoutNameIsGivenByNumber() {
        assertThat(
                        IptablesRules.match(
                                PolicyRule.of(
                                                FirewallFlowsTest.rule(
                                                        "egress", "IPv4", "47", null, null, null),
                                                List.of())
                                        .get(0)))
                .isEqualTo("-p 47");
    }
}
