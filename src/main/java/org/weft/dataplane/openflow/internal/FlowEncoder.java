package org.weft.dataplane.openflow.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;
import org.weft.dataplane.openflow.Action;
import org.weft.dataplane.openflow.Flow;
import org.weft.dataplane.openflow.FlowChange;
import org.weft.dataplane.openflow.FlowKey;
import org.weft.dataplane.openflow.Match;

/**
 * Turns Weft's flows into OpenFlow 1.4 flow-mods: openflowj's messages, instructions and the
 * actions it encodes as Open vSwitch expects (output, VLAN push and pop, {@code resubmit}, {@code
 * load}, {@code move}, {@code ct}, {@code ct_clear}, {@code dec_ttl}), and {@link NiciraActions}
 * for the rest. Thread-safe: it holds no state.
 */
public final class FlowEncoder {
    static {
        NettyQuiet.apply();
    }

    private static final int NO_RECIRCULATION = 0xff;
    private static final int CT_COMMIT = 0x01;

    private final OFFactory factory = OFFactories.getFactory(OFVersion.OF_14);
    private final OFActions actions = factory.actions();

    public OFFactory factory() {
        return factory;
    }

    public OFFlowMod flowMod(FlowChange change, long xid) {
        return switch (change) {
            case FlowChange.Add add -> withFlow(factory.buildFlowAdd(), add.flow(), xid);
            case FlowChange.Modify modify ->
                    withFlow(factory.buildFlowModifyStrict(), modify.flow(), xid);
            case FlowChange.Remove remove -> removal(remove.key(), xid);
            case FlowChange.RemoveMatching remove ->
                    factory.buildFlowDelete()
                            .setXid(xid)
                            .setTableId(
                                    remove.table().isPresent()
                                            ? TableId.of(remove.table().getAsInt())
                                            : TableId.ALL)
                            .setMatch(match(remove.match()))
                            .setCookie(U64.of(remove.cookies().cookie()))
                            .setCookieMask(U64.of(remove.cookies().mask()))
                            .setOutPort(OFPort.ANY)
                            .setOutGroup(OFGroup.ANY)
                            .build();
        };
    }

    private OFFlowMod withFlow(OFFlowMod.Builder builder, Flow flow, long xid) {
        return builder.setXid(xid)
                .setTableId(TableId.of(flow.table()))
                .setPriority(flow.priority())
                .setMatch(match(flow.match()))
                .setInstructions(instructions(flow))
                .setCookie(U64.of(flow.cookie()))
                .setIdleTimeout(flow.idleTimeout())
                .setHardTimeout(flow.hardTimeout())
                .setBufferId(OFBufferId.NO_BUFFER)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .setFlags(Set.<OFFlowModFlags>of())
                .build();
    }

    private OFFlowMod removal(FlowKey key, long xid) {
        return factory.buildFlowDeleteStrict()
                .setXid(xid)
                .setTableId(TableId.of(key.table()))
                .setPriority(key.priority())
                .setMatch(match(key.match()))
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .build();
    }

    public org.projectfloodlight.openflow.protocol.match.Match match(Match match) {
        return new EncodedMatch(match.toOxm());
    }

    /**
     * The instructions of {@code flow}: apply-actions when it has actions, then goto-table; an
     * empty apply-actions is left out, as Open vSwitch leaves it out when it reports the flow.
     */
    public List<OFInstruction> instructions(Flow flow) {
        List<OFInstruction> instructions = new ArrayList<>();
        if (!flow.actions().isEmpty()) {
            instructions.add(factory.instructions().applyActions(actions(flow.actions())));
        }
        flow.gotoTable()
                .ifPresent(
                        table ->
                                instructions.add(
                                        factory.instructions().gotoTable(TableId.of(table))));
        return instructions;
    }

    /** The instructions of {@code flow} as bytes, the form in which flows are compared. */
    public byte[] instructionBytes(Flow flow) {
        ByteBuf buffer = Unpooled.buffer(64);
        instructions(flow).forEach(instruction -> instruction.writeTo(buffer));
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.readBytes(bytes);
        return bytes;
    }

    public List<OFAction> actions(List<Action> list) {
        List<OFAction> encoded = new ArrayList<>(list.size());
        list.forEach(action -> encoded.add(action(action)));
        return encoded;
    }

    private OFAction action(Action action) {
        return switch (action) {
            case Action.Output output ->
                    actions.output(OFPort.ofInt(output.port().number()), output.maxLength());
            case Action.PushVlan push -> actions.pushVlan(EthType.of(push.etherType()));
            case Action.PopVlan pop -> actions.popVlan();
            case Action.SetField set -> NiciraActions.setField(set);
            case Action.Resubmit resubmit ->
                    actions.niciraResubmitTable(
                            resubmit.inPort().number() & 0xffff, (short) resubmit.table());
            case Action.Load load ->
                    actions.buildNiciraLoad()
                            .setOfsNbits(NiciraActions.ofsNbits(load.offset(), load.bits()))
                            .setDst(load.field().header() & 0xffffffffL)
                            .setValue(U64.of(load.value()))
                            .build();
            case Action.Move move ->
                    actions.buildNiciraMove()
                            .setNBits(move.bits())
                            .setSrcOfs(move.sourceOffset())
                            .setDstOfs(move.destinationOffset())
                            .setSrc(move.source().header() & 0xffffffffL)
                            .setDst(move.destination().header() & 0xffffffffL)
                            .build();
            case Action.OutputRegister output -> NiciraActions.outputRegister(output);
            case Action.Conjunction conjunction -> NiciraActions.conjunction(conjunction);
            case Action.CtClear clear -> actions.niciraCtClear();
            case Action.DecrementTtl ttl -> actions.decNwTtl();
            case Action.Ct ct -> ct(ct);
            case Action.Nat nat -> NiciraActions.nat(nat);
            case Action.Learn learn -> NiciraActions.learn(learn);
        };
    }

    // nx_action_conntrack: a zone is either immediate (zone_src 0, the zone in zone_ofs_nbits)
    // or taken from a field (zone_src its header, zone_ofs_nbits its bits).
    private OFAction ct(Action.Ct ct) {
        List<Action> nested = new ArrayList<>();
        ct.nat().ifPresent(nested::add);
        nested.addAll(ct.actions());
        long zoneSource =
                ct.zoneField().map(zone -> zone.field().header() & 0xffffffffL).orElse(0L);
        int zone =
                ct.zoneField()
                        .map(field -> NiciraActions.ofsNbits(field.offset(), field.bits()))
                        .orElse(ct.zone().orElse(0));
        return actions.buildNiciraCt()
                .setFlags(ct.commit() ? CT_COMMIT : 0)
                .setZoneSrc(zoneSource)
                .setZone(zone)
                .setRecircTable((short) ct.table().orElse(NO_RECIRCULATION))
                .setAlg(0)
                .setActions(actions(nested))
                .build();
    }
}
