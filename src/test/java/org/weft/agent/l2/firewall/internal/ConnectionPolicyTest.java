package org.weft.agent.l2.firewall.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.weft.agent.l2.WiredPort;
import org.weft.bus.message.FixedIp;
import org.weft.bus.message.L2Messages.AllowedAddressPair;
import org.weft.bus.message.L2Messages.SecurityGroupRule;

class ConnectionPolicyTest {
    private static final String PORT4 = "10.0.0.7";
    private static final String PORT6 = "fd00::7";

    private static final WiredPort PORT =
            new WiredPort(
                    "0123456789abcdef",
                    "tap0123456789a",
                    7,
                    "net",
                    3,
                    "fa:16:3e:00:00:07",
                    List.of(new FixedIp("s4", PORT4), new FixedIp("s6", PORT6)),
                    List.of(new AllowedAddressPair("10.9.0.0/24", null)),
                    true,
                    List.of("web"),
                    "compute:nova");

    private static SecurityGroupRule rule(
            String direction, String ethertype, String protocol, Integer min, Integer max) {
        return FirewallFlowsTest.rule(direction, ethertype, protocol, min, max, null);
    }

    private static PortPolicy policy(SecurityGroupRule... rules) {
        List<PolicyRule> all = new ArrayList<>();
        for (SecurityGroupRule rule : rules) {
            all.addAll(PolicyRule.of(rule, List.of()));
        }
        return new PortPolicy(PORT, all);
    }

    private static InetAddress ip(String literal) {
        return TrackedConnection.address(literal);
    }

    private static TrackedConnection tcp(String from, String to, int port) {
        return TrackedConnection.ported(PolicyRule.TCP, ip(from), ip(to), 40000, port);
    }

    private static TrackedConnection udp(String from, String to, int source, int port) {
        return TrackedConnection.ported(PolicyRule.UDP, ip(from), ip(to), source, port);
    }

    private static TrackedConnection ping(String from, String to, int type, int code) {
        int protocol = from.contains(":") ? PolicyRule.ICMPV6 : PolicyRule.ICMP;
        return TrackedConnection.icmp(protocol, ip(from), ip(to), type, code, 99);
    }

    @Test
    void tcpIngressIsAllowedInsideTheRulesPortRangeOnly() {
        PortPolicy policy = policy(rule("ingress", "IPv4", "tcp", 8000, 8080));

        assertThat(ConnectionPolicy.allows(policy, tcp("10.0.0.1", PORT4, 8000))).isTrue();
        assertThat(ConnectionPolicy.allows(policy, tcp("10.0.0.1", PORT4, 8080))).isTrue();
        assertThat(ConnectionPolicy.allows(policy, tcp("10.0.0.1", PORT4, 7999))).isFalse();
        assertThat(ConnectionPolicy.allows(policy, tcp("10.0.0.1", PORT4, 8081))).isFalse();
    }

    @Test
    void aPortRuleOfOneProtocolAllowsNoOther() {
        PortPolicy policy = policy(rule("ingress", "IPv4", "udp", 53, 53));

        assertThat(ConnectionPolicy.allows(policy, udp("10.0.0.1", PORT4, 40000, 53))).isTrue();
        assertThat(ConnectionPolicy.allows(policy, tcp("10.0.0.1", PORT4, 53))).isFalse();
    }

    @Test
    void aRuleWithoutPortsAllowsEveryPortOfItsProtocol() {
        PortPolicy policy = policy(rule("ingress", "IPv4", "udp", null, null));

        assertThat(ConnectionPolicy.allows(policy, udp("10.0.0.1", PORT4, 1, 65535))).isTrue();
    }

    @Test
    void icmpRulesMatchTheFirstMessagesTypeAndCode() {
        PortPolicy echoOnly = policy(rule("ingress", "IPv4", "icmp", 8, 0));
        PortPolicy anyIcmp = policy(rule("ingress", "IPv4", "icmp", null, null));
        PortPolicy typeOnly = policy(rule("ingress", "IPv4", "icmp", 8, null));

        assertThat(ConnectionPolicy.allows(echoOnly, ping("10.0.0.1", PORT4, 8, 0))).isTrue();
        assertThat(ConnectionPolicy.allows(echoOnly, ping("10.0.0.1", PORT4, 13, 0))).isFalse();
        assertThat(ConnectionPolicy.allows(echoOnly, ping("10.0.0.1", PORT4, 8, 1))).isFalse();
        assertThat(ConnectionPolicy.allows(typeOnly, ping("10.0.0.1", PORT4, 8, 1))).isTrue();
        assertThat(ConnectionPolicy.allows(anyIcmp, ping("10.0.0.1", PORT4, 13, 0))).isTrue();
        assertThat(ConnectionPolicy.allows(anyIcmp, tcp("10.0.0.1", PORT4, 22))).isFalse();
    }

    @Test
    void aRemotePrefixLimitsTheOtherEnd() {
        PortPolicy policy =
                policy(FirewallFlowsTest.rule("ingress", "IPv4", "tcp", 22, 22, "192.168.0.0/16"));

        assertThat(ConnectionPolicy.allows(policy, tcp("192.168.3.4", PORT4, 22))).isTrue();
        assertThat(ConnectionPolicy.allows(policy, tcp("192.169.0.1", PORT4, 22))).isFalse();
    }

    @Test
    void aRemoteGroupAllowsItsMembersAddressesOnly() {
        SecurityGroupRule fromClients =
                new SecurityGroupRule(
                        "r", "web", "ingress", "IPv4", "tcp", 22, 22, null, "clients");
        PortPolicy withBoth =
                new PortPolicy(PORT, PolicyRule.of(fromClients, List.of("10.0.0.21", "10.0.0.22")));
        PortPolicy afterOneLeft =
                new PortPolicy(PORT, PolicyRule.of(fromClients, List.of("10.0.0.21")));

        assertThat(ConnectionPolicy.allows(withBoth, tcp("10.0.0.22", PORT4, 22))).isTrue();
        assertThat(ConnectionPolicy.allows(afterOneLeft, tcp("10.0.0.22", PORT4, 22))).isFalse();
        assertThat(ConnectionPolicy.allows(afterOneLeft, tcp("10.0.0.21", PORT4, 22))).isTrue();
    }

    @Test
    void ipv6ConnectionsNeedIpv6Rules() {
        PortPolicy v4 = policy(rule("ingress", "IPv4", "tcp", 22, 22));
        PortPolicy v6 = policy(rule("ingress", "IPv6", "tcp", 22, 22));

        assertThat(ConnectionPolicy.allows(v4, tcp("fd00::1", PORT6, 22))).isFalse();
        assertThat(ConnectionPolicy.allows(v6, tcp("fd00::1", PORT6, 22))).isTrue();
        assertThat(ConnectionPolicy.allows(v6, tcp("10.0.0.1", PORT4, 22))).isFalse();
    }

    @Test
    void icmpOnIpv6MatchesIcmpv6Echoes() {
        PortPolicy policy = policy(rule("ingress", "IPv6", "icmp", 128, null));

        assertThat(ConnectionPolicy.allows(policy, ping("fd00::1", PORT6, 128, 0))).isTrue();
        assertThat(ConnectionPolicy.allows(policy, ping("fd00::1", PORT6, 129, 0))).isFalse();
    }

    @Test
    void anAnyProtocolRuleAllowsEveryProtocolOfItsVersionAndDirection() {
        PortPolicy policy = policy(rule("egress", "IPv4", null, null, null));
        TrackedConnection gre = TrackedConnection.other(47, ip(PORT4), ip("198.51.100.1"));

        assertThat(ConnectionPolicy.allows(policy, gre)).isTrue();
        assertThat(ConnectionPolicy.allows(policy, tcp(PORT4, "198.51.100.1", 443))).isTrue();
        assertThat(ConnectionPolicy.allows(policy, tcp("198.51.100.1", PORT4, 443))).isFalse();
        assertThat(ConnectionPolicy.allows(policy, tcp(PORT6, "fd00::1", 443))).isFalse();
    }

    @Test
    void aConnectionFromThePortIsEgressAndToItIngress() {
        PortPolicy ingressOnly = policy(rule("ingress", "IPv4", "tcp", 22, 22));
        PortPolicy egressOnly = policy(rule("egress", "IPv4", "tcp", 22, 22));

        assertThat(ConnectionPolicy.allows(ingressOnly, tcp("10.0.0.1", PORT4, 22))).isTrue();
        assertThat(ConnectionPolicy.allows(ingressOnly, tcp(PORT4, "10.0.0.1", 22))).isFalse();
        assertThat(ConnectionPolicy.allows(egressOnly, tcp(PORT4, "10.0.0.1", 22))).isTrue();
        assertThat(ConnectionPolicy.allows(egressOnly, tcp("10.0.0.1", PORT4, 22))).isFalse();
    }

    @Test
    void anEgressRemotePrefixLimitsTheDestination() {
        PortPolicy policy =
                policy(FirewallFlowsTest.rule("egress", "IPv4", "udp", 5000, 5000, "10.0.0.0/24"));

        assertThat(ConnectionPolicy.allows(policy, udp(PORT4, "10.0.0.9", 40000, 5000))).isTrue();
        assertThat(ConnectionPolicy.allows(policy, udp(PORT4, "10.1.0.9", 40000, 5000))).isFalse();
    }

    @Test
    void allowedAddressPairsAndTheLinkLocalAddressAreThePorts() {
        PortPolicy nothing = policy();

        assertThat(ConnectionPolicy.allows(nothing, tcp("10.9.0.5", "10.0.0.1", 22))).isFalse();
        assertThat(ConnectionPolicy.allows(nothing, tcp("fe80::f816:3eff:fe00:7", "fe80::1", 22)))
                .isFalse();
    }

    @Test
    void aConnectionNeitherFromNorToThePortIsLeftAlone() {
        assertThat(ConnectionPolicy.allows(policy(), tcp("10.0.0.1", "10.0.0.2", 22))).isTrue();
    }

    @Test
    void dhcpAndNeighbourDiscoveryAreAllowedWithoutRules() {
        PortPolicy nothing = policy();

        assertThat(ConnectionPolicy.allows(nothing, udp(PORT4, "10.0.0.2", 68, 67))).isTrue();
        assertThat(ConnectionPolicy.allows(nothing, udp("10.0.0.2", PORT4, 67, 68))).isTrue();
        assertThat(ConnectionPolicy.allows(nothing, udp(PORT6, "fd00::2", 546, 547))).isTrue();
        assertThat(ConnectionPolicy.allows(nothing, ping("fd00::2", PORT6, 135, 0))).isTrue();
        assertThat(ConnectionPolicy.allows(nothing, udp("10.0.0.2", PORT4, 68, 67))).isFalse();
    }

    @Test
    void disallowedKeepsOnlyWhatThePolicyRefuses() {
        PortPolicy policy = policy(rule("ingress", "IPv4", "tcp", 22, 22));
        TrackedConnection ssh = tcp("10.0.0.1", PORT4, 22);
        TrackedConnection web = tcp("10.0.0.1", PORT4, 80);

        assertThat(ConnectionPolicy.disallowed(policy, List.of(ssh, web))).containsExactly(web);
    }
}
