package org.weft.agent.l2.firewall.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.weft.agent.l2.WiredPort;
import org.weft.bus.message.FixedIp;
import org.weft.bus.message.L2Messages.AllowedAddressPair;
import org.weft.bus.message.L2Messages.SecurityGroupRule;
import org.weft.dataplane.openflow.Action;
import org.weft.dataplane.openflow.Field;
import org.weft.dataplane.openflow.Flow;
import org.weft.dataplane.openflow.Match;

class FirewallFlowsTest {
    static final WiredPort PORT = port("0123456789abcdef", 7, List.of("web"));

    /** A VM's port on {@code br-int} port {@code ofport}, with address and MAC ending in it. */
    static WiredPort port(String id, int ofport, List<String> groups) {
        return new WiredPort(
                id,
                "tap" + id.substring(0, 11),
                ofport,
                "net",
                3,
                String.format("fa:16:3e:00:00:%02x", ofport),
                List.of(new FixedIp("s", "10.0.0." + ofport)),
                List.of(),
                true,
                groups,
                "compute:nova");
    }

    /** The flows of {@link #PORT} in policy 7 (its own number) of {@code rules}. */
    static List<Flow> flows(SecurityGroupRule... rules) {
        List<PolicyRule> all = new java.util.ArrayList<>();
        for (SecurityGroupRule rule : rules) {
            all.addAll(PolicyRule.of(rule, List.of()));
        }
        List<Flow> flows = new java.util.ArrayList<>(FirewallFlows.filtered(PORT, 7));
        flows.addAll(FirewallFlows.policy(7, all));
        return flows;
    }

    static SecurityGroupRule rule(
            String direction,
            String ethertype,
            String protocol,
            Integer min,
            Integer max,
            String prefix) {
        return new SecurityGroupRule(
                "r", "web", direction, ethertype, protocol, min, max, prefix, null);
    }

    private static List<Flow> inTable(List<Flow> flows, int table, int priority) {
        return flows.stream().filter(f -> f.table() == table && f.priority() == priority).toList();
    }

    @Test
    void ingressTcpRuleMatchesThePolicyProtocolPortAndSourceAndCommitsInTheTargetsZone() {
        List<Flow> flows = flows(rule("ingress", "IPv4", "tcp", 22, 22, "10.1.0.0/16"));

        List<Flow> rules = inTable(flows, FirewallFlows.INGRESS_RULES, FirewallFlows.RULE);
        assertThat(rules).hasSize(1);
        Match match = rules.get(0).match();
        assertThat(match.entry(Field.register(4)).orElseThrow().longValue()).isEqualTo(7);
        assertThat(match.entry(Field.register(7))).isEmpty();
        assertThat(match.entry(Field.ETH_TYPE).orElseThrow().longValue()).isEqualTo(0x0800);
        assertThat(match.entry(Field.IP_PROTO).orElseThrow().longValue()).isEqualTo(6);
        assertThat(match.entry(Field.TCP_DST).orElseThrow().longValue()).isEqualTo(22);
        assertThat(match.entry(Field.IPV4_SRC).orElseThrow().mask()).isPresent();
        assertThat(rules.get(0).actions())
                .containsExactly(Action.Ct.commit(0).withZoneFrom(Field.register(7), 0, 16));
        assertThat(rules.get(0).gotoTable()).hasValue(FirewallFlows.DELIVER);
    }

    @Test
    void egressRuleMatchesThePolicyAndTheDestinationAndCommitsInTheSourcesZone() {
        List<Flow> flows = flows(rule("egress", "IPv6", "udp", 53, 53, "fd00::/64"));

        Flow only = inTable(flows, FirewallFlows.EGRESS_RULES, FirewallFlows.RULE).get(0);
        assertThat(only.match().entry(Field.register(4)).orElseThrow().longValue()).isEqualTo(7);
        assertThat(only.actions())
                .containsExactly(Action.Ct.commit(0).withZoneFrom(Field.register(5), 0, 16));
        assertThat(only.match().entry(Field.IPV6_DST)).isPresent();
        assertThat(only.match().entry(Field.UDP_DST).orElseThrow().longValue()).isEqualTo(53);
        assertThat(only.gotoTable()).hasValue(FirewallFlows.INGRESS);
    }

    @Test
    void portRangeBecomesMaskedMatches() {
        List<Flow> flows = flows(rule("ingress", "IPv4", "tcp", 8000, 8099, null));

        List<Flow> rules = inTable(flows, FirewallFlows.INGRESS_RULES, FirewallFlows.RULE);
        assertThat(rules).hasSize(PortMasks.of(8000, 8099).size());
        assertThat(rules)
                .allMatch(f -> f.match().entry(Field.TCP_DST).orElseThrow().mask().isPresent());
    }

    @Test
    void icmpTypeAndCodeAreMatched() {
        List<Flow> flows = flows(rule("ingress", "IPv4", "icmp", 8, 0, null));

        Match match =
                inTable(flows, FirewallFlows.INGRESS_RULES, FirewallFlows.RULE).get(0).match();
        assertThat(match.entry(Field.ICMPV4_TYPE).orElseThrow().longValue()).isEqualTo(8);
        assertThat(match.entry(Field.ICMPV4_CODE).orElseThrow().longValue()).isEqualTo(0);
    }

    @Test
    void portWithoutRulesHasOnlyItsDropsInTheRulesTables() {
        List<Flow> flows = flows();

        assertThat(inTable(flows, FirewallFlows.INGRESS_RULES, FirewallFlows.RULE)).isEmpty();
        assertThat(inTable(flows, FirewallFlows.INGRESS_RULES, FirewallFlows.DROP)).hasSize(1);
        assertThat(inTable(flows, FirewallFlows.EGRESS_RULES, FirewallFlows.DROP)).hasSize(1);
        assertThat(inTable(flows, FirewallFlows.INGRESS_RULES, FirewallFlows.DROP).get(0).actions())
                .isEmpty();
    }

    @Test
    void twoRulesWithTheSameMatchGiveOneFlow() {
        List<Flow> flows =
                flows(
                        rule("ingress", "IPv4", "tcp", 22, 22, null),
                        new SecurityGroupRule(
                                "r2", "other", "ingress", "IPv4", "6", 22, 22, null, null));

        assertThat(inTable(flows, FirewallFlows.INGRESS_RULES, FirewallFlows.RULE)).hasSize(1);
    }

    @Test
    void ingressTrafficIsTrackedInThePortsZoneAfterClearingTheEgressState() {
        List<Flow> flows = flows();

        assertThat(inTable(flows, FirewallFlows.INGRESS, 100))
                .allSatisfy(
                        f ->
                                assertThat(f.actions())
                                        .contains(
                                                Action.setField(Field.register(4), 7),
                                                Action.ctClear(),
                                                Action.Ct.track(7, FirewallFlows.INGRESS_STATE)));
    }

    @Test
    void portsOfOnePolicyShareItsRuleFlowsAndKeepTheirOwnDrops() {
        WiredPort other = port("fedcba9876543210", 9, List.of("web"));

        List<Flow> first = FirewallFlows.filtered(PORT, 7);
        List<Flow> second = FirewallFlows.filtered(other, 7);

        assertThat(inTable(second, FirewallFlows.EGRESS, 100))
                .allSatisfy(
                        f ->
                                assertThat(f.actions())
                                        .contains(Action.setField(Field.register(4), 7)));
        assertThat(inTable(first, FirewallFlows.INGRESS_RULES, FirewallFlows.DROP))
                .extracting(f -> f.match().entry(Field.register(7)).orElseThrow().longValue())
                .containsExactly(7L);
        assertThat(inTable(second, FirewallFlows.INGRESS_RULES, FirewallFlows.DROP))
                .extracting(f -> f.match().entry(Field.register(7)).orElseThrow().longValue())
                .containsExactly(9L);
        assertThat(first)
                .noneMatch(
                        f ->
                                f.table() == FirewallFlows.INGRESS_RULES
                                        && f.priority() == FirewallFlows.RULE);
    }

    @Test
    void trafficToAnAllowedPairsMacCrossesThePortsRulesToo() {
        WiredPort paired =
                new WiredPort(
                        PORT.portId(),
                        PORT.interfaceName(),
                        7,
                        "net",
                        3,
                        PORT.macAddress(),
                        PORT.fixedIps(),
                        List.of(
                                new AllowedAddressPair("10.0.0.99", "FA:16:3E:00:00:99"),
                                new AllowedAddressPair("10.0.0.98", null)),
                        true,
                        List.of("web"),
                        "compute:nova");

        List<Flow> flows = FirewallFlows.filtered(paired, 7);

        assertThat(inTable(flows, FirewallFlows.INGRESS, 100))
                .extracting(f -> f.match().entry(Field.ETH_DST).orElseThrow().longValue())
                .containsExactlyInAnyOrder(
                        0xfa163e000007L, 0xfa163e000007L, 0xfa163e000099L, 0xfa163e000099L);
    }
}
