package org.weft.agent.l2.firewall.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.weft.bus.message.L2Messages.SecurityGroupRule;

class IptablesRulesTest {

    private static Map<String, Map<String, List<String>>> render(
            int version, SecurityGroupRule... rules) {
        return IptablesRules.render(List.of(FirewallFlowsTest.policy(rules)), version);
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
    void ingressChainAcceptsStateThenRulesThenDrops() {
        List<String> ingress =
                render(4, FirewallFlowsTest.rule("ingress", "IPv4", "tcp", 22, 23, "10.1.0.0/16"))
                        .get("filter")
                        .get("weft-i0123456789");

        assertThat(ingress.get(0))
                .isEqualTo("-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        assertThat(ingress).contains("-s 10.1.0.0/16 -p tcp -m tcp --dport 22:23 -j ACCEPT");
        assertThat(ingress.get(ingress.size() - 1)).isEqualTo("-j DROP");
    }

    @Test
    void egressChainChecksSourcesBeforeItsRules() {
        List<String> egress =
                render(4, FirewallFlowsTest.rule("egress", "IPv4", "icmp", 8, null, null))
                        .get("filter")
                        .get("weft-o0123456789");

        assertThat(egress)
                .contains("-j weft-s0123456789", "-p icmp -m icmp --icmp-type 8 -j ACCEPT");
        assertThat(egress.indexOf("-j weft-s0123456789"))
                .isLessThan(egress.indexOf("-p icmp -m icmp --icmp-type 8 -j ACCEPT"));
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
                .contains("-p ipv6-icmp -m icmp6 --icmpv6-type 135 -j ACCEPT")
                .contains("-p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT")
                .noneMatch(line -> line.contains("--dport 22"));
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
