package org.weft.agent.l2.firewall.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;

class KernelConntrackTest {
    private static final String NAMESPACE = "wfwct-test";
    private static final String LISTED =
            """
            tcp      6 431999 ESTABLISHED src=10.31.0.21 dst=10.31.0.11 sport=41234 dport=2222 \
            src=10.31.0.11 dst=10.31.0.21 sport=2222 dport=41234 [ASSURED] mark=0 zone=5 use=1
            icmpv6   58 29 src=fd77::1 dst=fd77::2 type=128 code=0 id=28535 [UNREPLIED] \
            src=fd77::2 dst=fd77::1 type=129 code=0 id=28535 mark=0 zone=5 use=1
            unknown  47 599 src=10.31.0.21 dst=10.31.0.11 src=10.31.0.11 dst=10.31.0.21 mark=0 \
            zone=5 use=1
            udp      17 29 src=10.31.0.22 dst=10.31.0.11 sport=41235 dport=53 [UNREPLIED] \
            src=10.31.0.11 dst=10.31.0.22 sport=53 dport=41235 mark=0 zone=12 use=1
            udp      17 29 src=10.31.0.23 dst=10.31.0.11 sport=68 dport=67 [UNREPLIED] \
            src=10.31.0.11 dst=10.31.0.23 sport=67 dport=68 mark=0 use=1
            tcp      6 118 TIME_WAIT src=10.31.0.21 dst=10.31.0.11 sport=41240 dport=2222 \
            src=10.31.0.11 dst=10.31.0.21 sport=2222 dport=41240 [ASSURED] mark=0 zone=5 use=1
            tcp      6 8 CLOSE src=10.31.0.21 dst=10.31.0.11 sport=41241 dport=2222 \
            src=10.31.0.11 dst=10.31.0.21 sport=2222 dport=41241 [ASSURED] mark=0 zone=5 use=1
            """;

    private final Placement inside = Placement.netns(NAMESPACE);
    private final KernelConntrack conntrack = new KernelConntrack(inside);

    @Test
    void linesAreGroupedByZoneAndThoseWithoutOneAreOfZoneZero() {
        var byZone = KernelConntrack.parse(LISTED);

        assertThat(byZone.keySet()).containsExactlyInAnyOrder(0, 5, 12);
        assertThat(byZone.get(12).get(0).destinationPort()).isEqualTo(53);
        assertThat(byZone.get(0).get(0).destinationPort()).isEqualTo(67);
    }

    @Test
    void tcpConnectionsClosedBothWaysAreLeftOut() {
        assertThat(KernelConntrack.parse(LISTED).get(5))
                .extracting(TrackedConnection::sourcePort)
                .doesNotContain(41240, 41241);
    }

    @Test
    void linesAreReadByTheirOriginalDirection() {
        List<TrackedConnection> connections = KernelConntrack.parse(LISTED).get(5);

        assertThat(connections)
                .containsExactly(
                        TrackedConnection.ported(
                                PolicyRule.TCP,
                                TrackedConnection.address("10.31.0.21"),
                                TrackedConnection.address("10.31.0.11"),
                                41234,
                                2222),
                        TrackedConnection.icmp(
                                PolicyRule.ICMPV6,
                                TrackedConnection.address("fd77::1"),
                                TrackedConnection.address("fd77::2"),
                                128,
                                0,
                                28535),
                        TrackedConnection.other(
                                47,
                                TrackedConnection.address("10.31.0.21"),
                                TrackedConnection.address("10.31.0.11")));
    }

    @Test
    void deletionNamesTheZoneAndTheWholeOriginalTuple() {
        TrackedConnection ssh = KernelConntrack.parse(LISTED).get(5).get(0);

        assertThat(KernelConntrack.deleteCommand(5, ssh))
                .containsExactly(
                        "conntrack",
                        "-D",
                        "-w",
                        "5",
                        "-f",
                        "ipv4",
                        "-p",
                        "tcp",
                        "-s",
                        "10.31.0.21",
                        "-d",
                        "10.31.0.11",
                        "--sport",
                        "41234",
                        "--dport",
                        "2222");
    }

    @Nested
    @Tag("netns")
    class InANamespace {
        @BeforeEach
        void zonesByDestinationPort() {
            IpRoute2.in(Placement.here()).deleteNamespace(NAMESPACE);
            IpRoute2.in(Placement.here()).ensureNamespace(NAMESPACE);
            run("ip", "link", "set", "lo", "up");
            for (String iptables : List.of("iptables", "ip6tables")) {
                run(
                        iptables, "-t", "raw", "-A", "OUTPUT", "-p", "udp", "--dport", "5002", "-j",
                        "CT", "--zone", "8");
                run(iptables, "-t", "raw", "-A", "OUTPUT", "-j", "CT", "--zone", "7");
            }
        }

        @AfterEach
        void removeNamespace() {
            IpRoute2.in(Placement.here()).deleteNamespace(NAMESPACE);
        }

        @Test
        void aDeletedConnectionLeavesItsZoneAndNothingElseDoes() {
            send("127.0.0.1", 5001);
            send("127.0.0.1", 5002);
            send("::1", 5001);
            run("ping", "-c", "1", "-W", "1", "127.0.0.1");
            run("ping", "-6", "-c", "1", "-W", "1", "::1");
            List<TrackedConnection> seven = conntrack.list(Set.of(7)).get(7);
            assertThat(seven).hasSize(4);
            TrackedConnection udp4 = udpTo(seven, "127.0.0.1");
            TrackedConnection echo6 =
                    seven.stream().filter(c -> c.protocol() == PolicyRule.ICMPV6).findFirst().get();

            assertThat(conntrack.delete(7, udp4)).isTrue();
            assertThat(conntrack.delete(7, echo6)).isTrue();
            assertThat(conntrack.delete(7, udp4)).as("gone already").isFalse();

            var both = conntrack.list(Set.of(7, 8));
            assertThat(both.get(7)).hasSize(2).doesNotContain(udp4, echo6);
            assertThat(both.get(8)).hasSize(1);
        }

        private TrackedConnection udpTo(List<TrackedConnection> zone, String address) {
            return zone.stream()
                    .filter(c -> c.protocol() == PolicyRule.UDP)
                    .filter(c -> c.destination().equals(TrackedConnection.address(address)))
                    .findFirst()
                    .orElseThrow();
        }

        private void send(String address, int port) {
            String target = address.contains(":") ? "UDP6:[" + address + "]" : "UDP4:" + address;
            Command.of("sh", "-c", "echo hello | socat -T 1 - " + target + ":" + port)
                    .in(inside)
                    .execute();
        }

        private void run(String... argv) {
            Command.of(argv).in(inside).run();
        }
    }
}
