package org.weft.agent.l2.firewall.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.weft.agent.l2.firewall.internal.PolicyRule.Direction;
import org.weft.bus.message.L2Messages.SecurityGroupRule;

class PolicyRuleTest {

    private static SecurityGroupRule rule(
            String direction,
            String ethertype,
            String protocol,
            Integer min,
            Integer max,
            String prefix,
            String group) {
        return new SecurityGroupRule(
                "r1", "g1", direction, ethertype, protocol, min, max, prefix, group);
    }

    @Test
    void tcpRangeFromAPrefixKeepsItsPortsAndRemote() {
        List<PolicyRule> rules =
                PolicyRule.of(
                        rule("ingress", "IPv4", "tcp", 22, 23, "10.0.0.0/24", null), List.of());

        assertThat(rules).hasSize(1);
        PolicyRule only = rules.get(0);
        assertThat(only.direction()).isEqualTo(Direction.INGRESS);
        assertThat(only.protocol()).hasValue(6);
        assertThat(only.portMin()).hasValue(22);
        assertThat(only.portMax()).hasValue(23);
        assertThat(only.remote()).hasValue(Prefix.parse("10.0.0.0/24"));
    }

    @Test
    void protocolsAreTakenByNameOrNumberAndAnyMeansNone() {
        assertThat(PolicyRule.protocolNumber("udp", 4)).hasValue(17);
        assertThat(PolicyRule.protocolNumber("132", 4)).hasValue(132);
        assertThat(PolicyRule.protocolNumber("any", 4)).isEmpty();
        assertThat(PolicyRule.protocolNumber("0", 6)).isEmpty();
        assertThat(PolicyRule.protocolNumber(null, 6)).isEmpty();
        assertThatThrownBy(() -> PolicyRule.protocolNumber("bogus", 4))
                .hasMessageContaining("bogus");
    }

    @Test
    void icmpOnIpv6IsIcmpv6AndItsRangeIsTypeAndCode() {
        PolicyRule echo =
                PolicyRule.of(rule("ingress", "IPv6", "icmp", 128, 0, null, null), List.of())
                        .get(0);

        assertThat(echo.protocol()).hasValue(58);
        assertThat(echo.icmpType()).hasValue(128);
        assertThat(echo.icmpCode()).hasValue(0);
        assertThat(echo.portMin()).isEmpty();
    }

    @Test
    void remoteGroupBecomesOneRulePerMemberOfTheRulesVersion() {
        List<PolicyRule> rules =
                PolicyRule.of(
                        rule("ingress", "IPv4", null, null, null, null, "g2"),
                        List.of("10.0.0.5", "10.0.0.6", "fd00::5"));

        assertThat(rules)
                .extracting(PolicyRule::remote)
                .containsExactly(
                        Optional.of(Prefix.parse("10.0.0.5/32")),
                        Optional.of(Prefix.parse("10.0.0.6/32")));
    }

    @Test
    void remoteGroupWithoutMembersAllowsNothing() {
        assertThat(PolicyRule.of(rule("egress", "IPv4", "tcp", null, null, null, "g2"), List.of()))
                .isEmpty();
    }

    @Test
    void anyPrefixIsNoRemoteAndAPrefixOfTheOtherVersionIsNoRule() {
        assertThat(
                        PolicyRule.of(
                                        rule("egress", "IPv4", null, null, null, "0.0.0.0/0", null),
                                        List.of())
                                .get(0)
                                .remote())
                .isEmpty();
        assertThat(
                        PolicyRule.of(
                                rule("egress", "IPv4", null, null, null, "fd00::/64", null),
                                List.of()))
                .isEmpty();
    }

    @Test
    void portRangesOfProtocolsWithoutPortsAreIgnored() {
        PolicyRule gre =
                PolicyRule.of(rule("ingress", "IPv4", "gre", 10, 20, null, null), List.of()).get(0);

        assertThat(gre.portMin()).isEqualTo(OptionalInt.empty());
        assertThat(gre.icmpType()).isEqualTo(OptionalInt.empty());
    }
}
