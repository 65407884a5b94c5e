package org.weft.agent.l2.firewall.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.weft.agent.l2.WiredPort;
import org.weft.bus.message.FixedIp;
import org.weft.bus.message.L2Messages.SecurityGroupRule;

class PortPolicyTest {
    private static final WiredPort PORT =
            new WiredPort(
                    "0123456789abcdef",
                    "qvo0123456789a",
                    7,
                    "net",
                    3,
                    "fa:16:3e:00:00:07",
                    List.of(new FixedIp("s", "10.0.0.7")),
                    List.of(),
                    true,
                    List.of("web"),
                    "compute:nova");

    @Test
    void groupRulesBecomeThePortsRulesWithRemoteGroupsExpandedAsTheCacheWould() {
        SecurityGroupRule ssh =
                new SecurityGroupRule(
                        "r1", "web", "ingress", "IPv4", "tcp", 22, 22, null, "clients");
        SecurityGroupRule web =
                new SecurityGroupRule("r2", "web", "ingress", "IPv4", "tcp", 80, 80, null, null);
        List<PolicyRule> unexpanded = new java.util.ArrayList<>(PolicyRule.unexpanded(ssh));
        unexpanded.addAll(PolicyRule.unexpanded(web));
        GroupPolicies groups =
                new GroupPolicies(
                        Map.of("web", unexpanded),
                        Map.of(
                                "clients",
                                Map.of(
                                        4,
                                        Set.of(Prefix.parse("10.0.0.21")),
                                        6,
                                        Set.of(Prefix.parse("fd00::21")))));

        PortPolicy policy = PortPolicy.of(PORT, groups);

        List<PolicyRule> expected =
                new java.util.ArrayList<>(PolicyRule.of(ssh, List.of("10.0.0.21", "fd00::21")));
        expected.addAll(PolicyRule.of(web, List.of()));
        assertThat(policy.rules()).containsExactlyElementsOf(expected);
    }
}
