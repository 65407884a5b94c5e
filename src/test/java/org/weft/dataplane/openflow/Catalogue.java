package org.weft.dataplane.openflow;

import java.net.InetAddress;
import java.util.List;

/** Flows of the kinds the agents' pipelines install, one per feature of the flow model. */
final class Catalogue {
    static final long COOKIE = 0x77;

    static List<Flow> flows() throws Exception {
        InetAddress gateway = InetAddress.getByName("192.168.100.102");
        Field reg6 = Field.register(6);
        return List.of(
                flow(0, 10, Match.builder().inPort(OfPort.of(1)).build(), Action.normal()),
                flow(
                        0,
                        11,
                        Match.builder().inPort(OfPort.of(2)).vlanVid(5).build(),
                        Action.popVlan(),
                        Action.resubmit(10)),
                flow(
                        0,
                        12,
                        Match.builder().inPort(OfPort.of(3)).noVlan().build(),
                        Action.pushVlan(),
                        Action.setVlanVid(7),
                        Action.normal()),
                flow(
                        0,
                        13,
                        Match.builder().tunnelId(0x64).build(),
                        Action.setTunnelId(0x65),
                        Action.output(OfPort.IN_PORT)),
                flow(
                        0,
                        14,
                        Match.builder().ethDst("01:00:00:00:00:00", "01:00:00:00:00:00").build(),
                        Action.resubmit(22)),
                flow(
                        10,
                        1,
                        Match.all(),
                        new Action.Learn(
                                20,
                                1,
                                0,
                                300,
                                COOKIE,
                                List.of(
                                        LearnSpec.matchSameBits(Field.NXM_OF_VLAN_TCI, 0, 12),
                                        LearnSpec.matchFromField(
                                                Field.NXM_OF_ETH_DST, Field.NXM_OF_ETH_SRC),
                                        LearnSpec.loadValue(Field.NXM_OF_VLAN_TCI, 0, 16, 0),
                                        LearnSpec.loadFromField(
                                                Field.NXM_NX_TUN_ID, Field.NXM_NX_TUN_ID),
                                        LearnSpec.outputTo(Field.NXM_OF_IN_PORT))),
                        Action.output(OfPort.of(1))),
                flow(
                        60,
                        90,
                        Match.builder().ethType(0x0800).ctState(CtState.parse("-trk")).build(),
                        Action.Ct.track(5, 61)),
                flow(
                        61,
                        90,
                        Match.builder().ethType(0x0800).ctState(CtState.parse("+trk+new")).build(),
                        Action.Ct.commit(5).withNat(Action.Nat.source(gateway)),
                        Action.normal()),
                flow(
                        61,
                        91,
                        Match.builder()
                                .ethType(0x0800)
                                .ctState(CtState.parse("+trk+est-rel-inv"))
                                .ctZone(5)
                                .build(),
                        Action.Ct.track(5, 62).withNat(Action.Nat.existing())),
                flow(
                        61,
                        92,
                        Match.builder()
                                .ethType(0x0800)
                                .ctState(CtState.parse("+trk+new"))
                                .ctMark(1, 1)
                                .build(),
                        Action.Ct.commit(0)
                                .withZoneFrom(reg6, 0, 16)
                                .withActions(List.of(Action.load(Field.CT_MARK, 0, 32, 1)))),
                flow(
                        61,
                        93,
                        Match.builder().ethType(0x0800).ipv4Dst(gateway, 32).build(),
                        Action.Ct.commit(7)
                                .withNat(
                                        new Action.Nat(
                                                java.util.Optional.of(Action.Nat.Kind.DESTINATION),
                                                java.util.Optional.of(
                                                        InetAddress.getByName("10.0.0.3")),
                                                java.util.Optional.of(
                                                        InetAddress.getByName("10.0.0.9")),
                                                java.util.OptionalInt.of(1000),
                                                java.util.OptionalInt.of(2000)))),
                flow(
                        70,
                        5,
                        Match.builder().register(0, 5, 0xff).build(),
                        Action.load(Field.register(1), 0, 4, 3),
                        Action.setField(Field.register(2), 9)),
                flow(
                        70,
                        6,
                        Match.builder().register(12, 7).build(),
                        Action.move(Field.register(0), 0, Field.register(1), 0, 32),
                        Action.outputRegister(Field.register(1), 0, 16)),
                flow(
                        71,
                        5,
                        Match.builder()
                                .ethType(0x0800)
                                .ipv4Src(InetAddress.getByName("10.0.0.0"), 24)
                                .build(),
                        Action.conjunction(10, 1, 2)),
                flow(
                        71,
                        5,
                        Match.builder().ethType(0x0800).ipProto(6).tcpDst(22).build(),
                        Action.conjunction(10, 2, 2)),
                flow(
                        71,
                        6,
                        Match.builder().conjunctionId(10).ethType(0x0800).build(),
                        Action.normal()),
                flow(
                                72,
                                1,
                                Match.builder().ethType(0x0800).build(),
                                Action.decrementTtl(),
                                Action.ctClear())
                        .goingTo(73),
                flow(73, 0, Match.all()));
    }

    private static Flow flow(int table, int priority, Match match, Action... actions) {
        return Flow.of(table, priority, match, actions).withCookie(COOKIE);
    }
}
