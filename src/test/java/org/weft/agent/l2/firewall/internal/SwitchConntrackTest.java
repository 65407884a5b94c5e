package org.weft.agent.l2.firewall.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Lines as Open vSwitch 3.1's {@code dpctl/dump-conntrack} prints them. */
class SwitchConntrackTest {
    private static final String DUMP =
            """
            tcp,orig=(src=10.77.0.1,dst=10.77.0.2,sport=33584,dport=2222),\
            reply=(src=10.77.0.2,dst=10.77.0.1,sport=2222,dport=33584),zone=5,\
            protoinfo=(state=ESTABLISHED)
            udp,orig=(src=fd77::1,dst=fd77::2,sport=48242,dport=5555),\
            reply=(src=fd77::2,dst=fd77::1,sport=5555,dport=48242),zone=5
            icmp,orig=(src=10.77.0.1,dst=10.77.0.2,id=28836,type=8,code=0),\
            reply=(src=10.77.0.2,dst=10.77.0.1,id=28836,type=0,code=0),zone=5
            icmpv6,orig=(src=fd77::1,dst=fd77::2,id=28837,type=128,code=0),\
            reply=(src=fd77::2,dst=fd77::1,id=28837,type=129,code=0),zone=5
            47,orig=(src=10.77.0.1,dst=10.77.0.2,sport=0,dport=0),\
            reply=(src=10.77.0.2,dst=10.77.0.1,sport=0,dport=0),zone=5
            tcp,orig=(src=10.77.0.3,dst=10.77.0.2,sport=33585,dport=80),\
            reply=(src=10.77.0.2,dst=10.77.0.3,sport=80,dport=33585),zone=12,\
            protoinfo=(state=SYN_SENT)
            udp,orig=(src=10.77.0.3,dst=10.77.0.9,sport=68,dport=67),\
            reply=(src=10.77.0.9,dst=10.77.0.3,sport=67,dport=68)
            tcp,orig=(src=10.77.0.1,dst=10.77.0.2,sport=33590,dport=2222),\
            reply=(src=10.77.0.2,dst=10.77.0.1,sport=2222,dport=33590),zone=5,\
            protoinfo=(state=TIME_WAIT)
            tcp,orig=(src=10.77.0.1,dst=10.77.0.2,sport=33591,dport=2222),\
            reply=(src=10.77.0.2,dst=10.77.0.1,sport=2222,dport=33591),zone=5,\
            protoinfo=(state=CLOSED)
            """;

    private static TrackedConnection connection(int index) {
        return SwitchConntrack.parse(DUMP).get(5).get(index);
    }

    @Test
    void entriesAreGroupedByZoneAndThoseWithoutOneAreOfZoneZero() {
        var byZone = SwitchConntrack.parse(DUMP);

        assertThat(byZone.keySet()).containsExactlyInAnyOrder(0, 5, 12);
        assertThat(byZone.get(12)).hasSize(1);
        assertThat(byZone.get(0).get(0).destinationPort()).isEqualTo(67);
    }

    @Test
    void tcpConnectionsClosedBothWaysAreLeftOut() {
        assertThat(SwitchConntrack.parse(DUMP).get(5))
                .extracting(TrackedConnection::sourcePort)
                .doesNotContain(33590, 33591);
    }

    @Test
    void everyEntryIsReadByItsOriginalDirection() {
        assertThat(SwitchConntrack.parse(DUMP).get(5)).hasSize(5);
        assertThat(connection(0))
                .isEqualTo(
                        TrackedConnection.ported(
                                PolicyRule.TCP,
                                TrackedConnection.address("10.77.0.1"),
                                TrackedConnection.address("10.77.0.2"),
                                33584,
                                2222));
        assertThat(connection(3))
                .isEqualTo(
                        TrackedConnection.icmp(
                                PolicyRule.ICMPV6,
                                TrackedConnection.address("fd77::1"),
                                TrackedConnection.address("fd77::2"),
                                128,
                                0,
                                28837));
        assertThat(connection(4).protocol()).isEqualTo(47);
    }

    @Test
    void flushTuplesNameTheOriginalDirectionExactly() {
        assertThat(SwitchConntrack.tuple(connection(0)))
                .isEqualTo(
                        "ct_nw_src=10.77.0.1,ct_nw_dst=10.77.0.2,ct_nw_proto=6,"
                                + "ct_tp_src=33584,ct_tp_dst=2222");
        assertThat(SwitchConntrack.tuple(connection(1)))
                .isEqualTo(
                        "ct_ipv6_src=fd77:0:0:0:0:0:0:1,ct_ipv6_dst=fd77:0:0:0:0:0:0:2,"
                                + "ct_nw_proto=17,ct_tp_src=48242,ct_tp_dst=5555");
        assertThat(SwitchConntrack.tuple(connection(2)))
                .isEqualTo(
                        "ct_nw_src=10.77.0.1,ct_nw_dst=10.77.0.2,ct_nw_proto=1,"
                                + "icmp_type=8,icmp_code=0,icmp_id=28836");
        assertThat(SwitchConntrack.tuple(connection(4)))
                .isEqualTo("ct_nw_src=10.77.0.1,ct_nw_dst=10.77.0.2,ct_nw_proto=47");
    }
}
