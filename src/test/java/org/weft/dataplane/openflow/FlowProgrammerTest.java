package org.weft.dataplane.openflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.dataplane.linux.ChildProcess;
import org.weft.dataplane.ovs.TestSwitch;

@Tag("ovs")
class FlowProgrammerTest {
    private static final CookieMask OWNED = CookieMask.exactly(0x1234);
    private static TestSwitch ovs;
    private static OpenFlowChannel channel;
    private final FlowProgrammer programmer = new FlowProgrammer(channel, OWNED);

    @BeforeAll
    static void startSwitch() {
        ovs = TestSwitch.start("programmer");
        ovs.ovs().addBridge("br0");
        channel =
                OpenFlowChannel.connect(
                        OpenFlowTarget.managementSocket(ovs.ovs().runDirectory(), "br0"));
    }

    @AfterAll
    static void stopSwitch() {
        if (channel != null) {
            channel.close();
        }
        ovs.close();
    }

    @BeforeEach
    void startFromNoFlows() {
        channel.apply(List.of(FlowChange.removeAll(CookieMask.ANY)));
    }

    @Test
    void firstRunInstallsEveryWantedFlowUnderTheOwnersCookie() {
        FlowProgrammer.Difference difference =
                programmer.ensure(List.of(flow(1), flow(2), flow(3)));

        assertThat(difference.added()).hasSize(3);
        assertThat(channel.flows(OWNED))
                .extracting(InstalledFlow::key)
                .containsExactlyInAnyOrder(flow(1).key(), flow(2).key(), flow(3).key());
    }

    @Test
    void unchangedFlowsAreNeverTouchedWhileTheOthersChange() throws Exception {
        Flow steady = Flow.of(0, 50, Match.builder().ethType(0x88b5).build());
        programmer.ensure(List.of(steady, flow(2), flow(3)));
        sendFramesMatching(steady, 3);
        InstalledFlow before = installed(steady);

        FlowProgrammer.Difference difference;
        Path events = ovs.ovs().runDirectory().resolve("flow-monitor.txt");
        ChildProcess monitor = watchFlowEvents(events);
        try {
            difference =
                    programmer.ensure(
                            List.of(
                                    steady,
                                    Flow.of(0, 2, flow(2).match(), Action.normal()),
                                    flow(4)));
            channel.barrier();
            Thread.sleep(300);
        } finally {
            monitor.stop(Duration.ofSeconds(2));
        }

        assertThat(difference.unchanged()).isEqualTo(1);
        assertThat(difference.modified()).extracting(Flow::priority).containsExactly(2);
        assertThat(difference.added()).extracting(Flow::priority).containsExactly(4);
        assertThat(difference.removed()).extracting(InstalledFlow::priority).containsExactly(3);
        InstalledFlow after = installed(steady);
        assertThat(after.packetCount()).isEqualTo(3);
        assertThat(after.duration()).isGreaterThan(before.duration());
        List<String> changes =
                Files.readAllLines(events).stream()
                        .filter(line -> line.contains("event=") && !line.contains("event=INITIAL"))
                        .toList();
        assertThat(changes).hasSize(3).noneMatch(line -> line.contains("dl_type=0x88b5"));
    }

    @Test
    void sameWantedFlowsAgainChangeNothing() {
        List<Flow> wanted = List.of(flow(1), flow(2));
        programmer.ensure(wanted);

        assertThat(programmer.ensure(wanted).isEmpty()).isTrue();
        assertThat(programmer.difference(wanted).unchanged()).isEqualTo(2);
    }

    @Test
    void refusedFlowLeavesTheBridgeAsItWas() {
        programmer.ensure(List.of(flow(1), flow(2)));
        Set<FlowKey> before = keys();

        assertThatThrownBy(
                        () ->
                                programmer.ensure(
                                        List.of(
                                                flow(1),
                                                flow(5),
                                                Flow.of(3, 9, Match.all()).goingTo(2))))
                .isInstanceOf(BundleFailedException.class);

        assertThat(keys()).isEqualTo(before);
    }

    @Test
    void flowsOfOtherOwnersAreLeftAlone() {
        Flow foreign = Flow.of(0, 77, Match.builder().ethType(0x0806).build()).withCookie(0x9999);
        channel.apply(List.of(FlowChange.add(foreign)));

        programmer.ensure(List.of(flow(1)));
        programmer.ensure(List.of());

        assertThat(channel.flows(CookieMask.exactly(0x9999))).hasSize(1);
        assertThat(channel.flows(OWNED)).isEmpty();
    }

    @Test
    void newTimeoutsReplaceTheFlow() {
        programmer.ensure(List.of(flow(1)));

        FlowProgrammer.Difference difference =
                programmer.ensure(List.of(flow(1).withTimeouts(0, 300)));

        assertThat(difference.removed()).hasSize(1);
        assertThat(difference.added()).hasSize(1);
        assertThat(installed(flow(1)).hardTimeout()).isEqualTo(300);
    }

    @Test
    void wantedFlowsMustNotShareAKey() {
        assertThatThrownBy(
                        () ->
                                programmer.ensure(
                                        List.of(
                                                flow(1),
                                                Flow.of(0, 1, flow(1).match(), Action.normal()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("share the key");
    }

    private static Flow flow(int priority) {
        return Flow.of(
                0, priority, Match.builder().ethType(0x0800).ipProto(17).udpDst(priority).build());
    }

    private static InstalledFlow installed(Flow flow) {
        return channel.flows(OWNED).stream()
                .filter(f -> f.key().equals(flow.key()))
                .findFirst()
                .orElseThrow();
    }

    private static Set<FlowKey> keys() {
        return channel.flows(OWNED).stream().map(InstalledFlow::key).collect(Collectors.toSet());
    }

    private static void sendFramesMatching(Flow flow, int count) {
        byte[] frame = new byte[60];
        frame[0] = 0x02;
        frame[6] = 0x02;
        frame[12] = (byte) 0x88;
        frame[13] = (byte) 0xb5;
        for (int i = 0; i < count; i++) {
            channel.packetOut(frame, OfPort.CONTROLLER, List.of(Action.output(OfPort.TABLE)));
        }
        channel.barrier();
    }

    // ovs-ofctl's flow monitor reports every flow added, modified or deleted, whoever did it.
    private static ChildProcess watchFlowEvents(Path events) throws Exception {
        Files.deleteIfExists(events);
        ChildProcess monitor =
                ChildProcess.start(
                        "ovs-ofctl monitor",
                        List.of("ovs-ofctl", "-O", "OpenFlow14", "monitor", "br0", "watch:"),
                        events,
                        Map.of("OVS_RUNDIR", ovs.ovs().runDirectory().toString()));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!(Files.exists(events) && Files.readString(events).contains("event=INITIAL"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("flow monitor did not start: " + Files.readString(events));
            }
            Thread.sleep(10);
        }
        return monitor;
    }
}
