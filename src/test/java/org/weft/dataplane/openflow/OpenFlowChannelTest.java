package org.weft.dataplane.openflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.dataplane.ovs.PrivateSwitch;
import org.weft.dataplane.ovs.TestSwitch;

@Tag("ovs")
class OpenFlowChannelTest {
    private static TestSwitch ovs;
    private static OpenFlowChannel channel;

    @BeforeAll
    static void startSwitch() {
        ovs = TestSwitch.start("openflow");
        ovs.ovs().addBridge("br0");
        channel = OpenFlowChannel.connect(target("br0"));
    }

    @AfterAll
    static void stopSwitch() {
        if (channel != null) {
            channel.close();
        }
        ovs.close();
    }

    private static OpenFlowTarget target(String bridge) {
        return OpenFlowTarget.managementSocket(ovs.ovs().runDirectory(), bridge);
    }

    private static PrivateSwitch vsctl() {
        return ovs.ovs();
    }

    private static String dumpFlows(String... filter) {
        List<String> arguments =
                new ArrayList<>(List.of("-O", "OpenFlow14", "--no-stats", "dump-flows", "br0"));
        arguments.addAll(List.of(filter));
        return vsctl().ofctl(arguments.toArray(String[]::new));
    }

    @Test
    void handshakeAgreesOnOpenFlow14AndLearnsTheDatapathId() {
        String datapathId =
                vsctl().vsctl("get", "Bridge", "br0", "datapath_id").strip().replace("\"", "");

        assertThat(channel.state()).isEqualTo(ChannelState.ACTIVE);
        assertThat(String.format("%016x", channel.datapathId())).isEqualTo(datapathId);
        channel.echo();
        channel.barrier();
    }

    @Test
    void bridgeThatSpeaksOnlyOpenFlow13IsRefusedSayingWhatToSet() {
        vsctl().vsctl(
                        "add-br",
                        "br13",
                        "--",
                        "set",
                        "Bridge",
                        "br13",
                        "datapath_type=netdev",
                        "protocols=OpenFlow13");

        assertThatThrownBy(
                        () ->
                                OpenFlowChannel.builder(target("br13"))
                                        .connect(Duration.ofSeconds(2)))
                .isInstanceOf(OpenFlowConnectionException.class)
                .hasMessageContaining("does not speak OpenFlow 1.4")
                .hasMessageContaining("OpenFlow13,OpenFlow14");
    }

    @Test
    void everyKindOfFlowTheAgentsUseReadsBackAsInstalled() throws Exception {
        List<Flow> flows = Catalogue.flows();

        channel.apply(flows.stream().map(FlowChange::add).toList());

        List<InstalledFlow> installed = channel.flows(CookieMask.exactly(Catalogue.COOKIE));
        assertThat(installed).hasSameSizeAs(flows);
        for (Flow flow : flows) {
            InstalledFlow found =
                    installed.stream()
                            .filter(f -> f.key().equals(flow.key()))
                            .findFirst()
                            .orElseThrow();
            assertThat(found.hasInstructions(channel.encodedInstructions(flow)))
                    .as("instructions of %s", flow)
                    .isTrue();
        }
        assertThat(dumpFlows("cookie=" + Catalogue.COOKIE + "/-1"))
                .contains(
                        "priority=11,in_port=2,dl_vlan=5 actions=pop_vlan,resubmit(,10)",
                        "priority=12,in_port=3,vlan_tci=0x0000/0x1fff"
                                + " actions=push_vlan:0x8100,set_field:4103->vlan_vid,NORMAL",
                        "priority=13,tun_id=0x64 actions=set_field:0x65->tun_id,IN_PORT",
                        "table=10, priority=1"
                            + " actions=learn(table=20,hard_timeout=300,priority=1,cookie=0x77,"
                            + "NXM_OF_VLAN_TCI[0..11],NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],load:0->NXM_OF_VLAN_TCI[],"
                            + "load:NXM_NX_TUN_ID[]->NXM_NX_TUN_ID[],output:NXM_OF_IN_PORT[]),output:1",
                        "table=60, priority=90,ct_state=-trk,ip actions=ct(table=61,zone=5)",
                        "priority=90,ct_state=+new+trk,ip"
                                + " actions=ct(commit,zone=5,nat(src=192.168.100.102)),NORMAL",
                        "priority=91,ct_state=+est-rel-inv+trk,ct_zone=5,ip"
                                + " actions=ct(table=62,zone=5,nat)",
                        "ct_mark=0x1/0x1,ip"
                            + " actions=ct(commit,zone=NXM_NX_REG6[0..15],exec(load:0x1->NXM_NX_CT_MARK[]))",
                        "nw_dst=192.168.100.102"
                                + " actions=ct(commit,zone=7,nat(dst=10.0.0.3-10.0.0.9:1000-2000))",
                        "reg0=0x5/0xff actions=load:0x3->NXM_NX_REG1[0..3],set_field:0x9->reg2",
                        "reg12=0x7"
                            + " actions=move:NXM_NX_REG0[]->NXM_NX_REG1[],output:NXM_NX_REG1[0..15]",
                        "nw_src=10.0.0.0/24 actions=conjunction(10,1/2)",
                        "tcp,tp_dst=22 actions=conjunction(10,2/2)",
                        "conj_id=10,ip actions=NORMAL",
                        "table=72, priority=1,ip actions=dec_ttl,ct_clear,goto_table:73",
                        "table=73, priority=0 actions=drop");
    }

    @Test
    void flowsAreRemovedByCookieAndMaskLeavingOtherOwnersFlows() {
        channel.apply(
                List.of(
                        FlowChange.add(flow(100, 1, 0x1_0001)),
                        FlowChange.add(flow(100, 2, 0x1_0002)),
                        FlowChange.add(flow(100, 3, 0x2_0001))));

        channel.apply(List.of(FlowChange.removeAll(new CookieMask(0x1_0000, 0xffff_0000L))));

        assertThat(channel.flows(100, CookieMask.ANY))
                .extracting(InstalledFlow::cookie)
                .containsExactly(0x2_0001L);
    }

    @Test
    void strictRemovalAndModificationTouchOnlyTheFlowWithThatKey() {
        Flow kept = flow(101, 1, 0x5);
        Flow changed = flow(101, 2, 0x5);
        Flow removed = flow(101, 3, 0x5);
        channel.apply(
                List.of(FlowChange.add(kept), FlowChange.add(changed), FlowChange.add(removed)));

        channel.apply(
                List.of(
                        FlowChange.modify(
                                Flow.of(101, 2, changed.match(), Action.resubmit(102))
                                        .withCookie(0x5)),
                        FlowChange.remove(removed)));

        assertThat(dumpFlows("table=101"))
                .contains(
                        "priority=1,tcp,tp_dst=1 actions=drop",
                        "priority=2,tcp,tp_dst=2 actions=resubmit(,102)")
                .doesNotContain("tp_dst=3");
    }

    @Test
    void flowTheSwitchRefusesIsNamedWithTheErrorTypeAndCode() {
        Flow backwards = Flow.of(110, 1, Match.all()).goingTo(5).withCookie(0x6);

        assertThatThrownBy(() -> channel.apply(List.of(FlowChange.add(backwards))))
                .isInstanceOf(OpenFlowErrorException.class)
                .hasMessageContaining("BAD_INSTRUCTION")
                .hasMessageContaining("add table=110,priority=1,any");
    }

    @Test
    void bundleWithARefusedMessageChangesNothing() {
        Flow existing = flow(120, 1, 0x7);
        channel.apply(List.of(FlowChange.add(existing)));

        assertThatThrownBy(
                        () ->
                                channel.applyAtomically(
                                        List.of(
                                                FlowChange.remove(existing),
                                                FlowChange.add(flow(120, 2, 0x7)),
                                                FlowChange.add(
                                                        Flow.of(120, 3, Match.all())
                                                                .goingTo(1)
                                                                .withCookie(0x7)))))
                .isInstanceOf(BundleFailedException.class)
                .hasMessageContaining("nothing applied")
                .hasMessageContaining("add table=120,priority=3");

        assertThat(channel.flows(120, CookieMask.ANY))
                .extracting(InstalledFlow::priority)
                .containsExactly(1);
    }

    @Test
    void bundleThatFailsAtCommitChangesNothing() {
        vsctl().vsctl(
                        "--",
                        "--id=@table",
                        "create",
                        "Flow_Table",
                        "flow_limit=2",
                        "overflow_policy=refuse",
                        "--",
                        "set",
                        "Bridge",
                        "br0",
                        "flow_tables:130=@table");
        Flow existing = flow(130, 1, 0x8);
        channel.apply(List.of(FlowChange.add(existing)));

        assertThatThrownBy(
                        () ->
                                channel.applyAtomically(
                                        List.of(
                                                FlowChange.modify(
                                                        Flow.of(
                                                                        130,
                                                                        1,
                                                                        existing.match(),
                                                                        Action.normal())
                                                                .withCookie(0x8)),
                                                FlowChange.add(flow(130, 2, 0x8)),
                                                FlowChange.add(flow(130, 3, 0x8)))))
                .isInstanceOf(BundleFailedException.class)
                .hasMessageContaining("TABLE_FULL");

        assertThat(dumpFlows("table=130"))
                .contains("priority=1,tcp,tp_dst=1 actions=drop")
                .doesNotContain("priority=2");
    }

    @Test
    void bundleReplacesFlowsAtomically() {
        channel.apply(List.of(FlowChange.add(flow(140, 1, 0x9))));

        channel.applyAtomically(
                List.of(FlowChange.remove(flow(140, 1, 0x9)), FlowChange.add(flow(140, 2, 0x9))));

        assertThat(channel.flows(140, CookieMask.ANY))
                .extracting(InstalledFlow::priority)
                .containsExactly(2);
    }

    @Test
    void portsAreDescribedAndCounted() {
        vsctl().vsctl(
                        "add-port",
                        "br0",
                        "of-p0",
                        "--",
                        "set",
                        "Interface",
                        "of-p0",
                        "type=internal");
        int ofport =
                Integer.parseInt(
                        vsctl().vsctl(
                                        "wait-until",
                                        "Interface",
                                        "of-p0",
                                        "ofport>0",
                                        "--",
                                        "get",
                                        "Interface",
                                        "of-p0",
                                        "ofport")
                                .strip());

        assertThat(channel.ports())
                .anySatisfy(
                        port -> {
                            assertThat(port.name()).isEqualTo("of-p0");
                            assertThat(port.port()).isEqualTo(OfPort.of(ofport));
                        });
        assertThat(channel.portStatistics())
                .extracting(PortStatistics::port)
                .contains(OfPort.of(ofport), OfPort.LOCAL);
    }

    @Test
    void packetOutGoesThroughTheFlowTables() throws InterruptedException {
        Match experimental = Match.builder().ethType(0x88b5).build();
        channel.apply(List.of(FlowChange.add(Flow.of(0, 200, experimental).withCookie(0xa))));
        byte[] frame = new byte[60];
        frame[0] = 0x02;
        frame[6] = 0x02;
        frame[12] = (byte) 0x88;
        frame[13] = (byte) 0xb5;

        for (int i = 0; i < 3; i++) {
            channel.packetOut(frame, OfPort.CONTROLLER, List.of(Action.output(OfPort.TABLE)));
        }
        channel.barrier();

        assertThat(channel.flows(0, CookieMask.exactly(0xa)))
                .singleElement()
                .satisfies(flow -> assertThat(flow.packetCount()).isEqualTo(3));
    }

    @Test
    void channelReconnectsWhenTheSwitchRestartsAndTellsItsListeners() throws InterruptedException {
        AtomicInteger connections = new AtomicInteger();
        ovs.ovs().addBridge("br-restart");
        try (OpenFlowChannel restarted =
                OpenFlowChannel.builder(target("br-restart"))
                        .listener(
                                new OpenFlowListener() {
                                    @Override
                                    public void connected(long datapathId) {
                                        connections.incrementAndGet();
                                    }
                                })
                        .connect()) {
            ovs.ovs().restartSwitchDaemon();

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (connections.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(connections).hasValue(2);
            restarted.awaitActive(Duration.ofSeconds(5));
            restarted.echo();
        }
        channel.awaitActive(Duration.ofSeconds(10));
    }

    private static Flow flow(int table, int port, long cookie) {
        return Flow.of(table, port, Match.builder().ethType(0x0800).ipProto(6).tcpDst(port).build())
                .withCookie(cookie);
    }
}
