package org.weft.dataplane.openflow.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import org.projectfloodlight.openflow.protocol.OFActionType;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.weft.dataplane.openflow.Action;
import org.weft.dataplane.openflow.Field;
import org.weft.dataplane.openflow.LearnSpec;

/**
 * The actions Weft encodes itself, in the layouts Open vSwitch defines for its Nicira extensions
 * ({@code nx_action_*} in its {@code ofp-actions.c}) and OpenFlow 1.4 §7.2.5 for {@code set_field}.
 * Every Nicira action starts with the same header and is padded to 8 bytes:
 *
 * <pre>
 *   type=0xffff:16  length:16  experimenter=0x00002320:32  subtype:16  body...  zero padding
 * </pre>
 */
final class NiciraActions {
    private static final int NICIRA = 0x00002320;
    private static final int OUTPUT_REG = 15;
    private static final int LEARN = 16;
    private static final int CONJUNCTION = 34;
    private static final int NAT = 36;

    private NiciraActions() {}

    /** {@code set_field}: type 25, length, one OXM TLV, padding. */
    static OFAction setField(Action.SetField set) {
        int length = pad(4 + 4 + set.field().length());
        ByteBuffer out = ByteBuffer.allocate(length);
        out.putShort((short) 25).putShort((short) length);
        out.putInt(set.field().header(false)).put(set.value());
        return new EncodedAction(OFActionType.SET_FIELD, out.array());
    }

    /** {@code nx_action_output_reg}: ofs_nbits, source header, max_len, 6 zero bytes. */
    static OFAction outputRegister(Action.OutputRegister output) {
        ByteBuffer out = start(24, OUTPUT_REG);
        out.putShort((short) ofsNbits(output.offset(), output.bits()));
        out.putInt(output.field().header());
        out.putShort((short) 0xffff);
        return finish(out);
    }

    /** {@code nx_action_conjunction}: clause (counted from 0), n_clauses, id. */
    static OFAction conjunction(Action.Conjunction conjunction) {
        ByteBuffer out = start(16, CONJUNCTION);
        out.put((byte) (conjunction.clause() - 1));
        out.put((byte) conjunction.clauses());
        out.putInt((int) conjunction.id());
        return finish(out);
    }

    /**
     * {@code nx_action_nat}: 2 pad bytes, flags, range_present, then those of the IPv4 minimum and
     * maximum, IPv6 minimum and maximum, port minimum and maximum that are present.
     */
    static OFAction nat(Action.Nat nat) {
        int flags = nat.kind().map(kind -> kind == Action.Nat.Kind.SOURCE ? 1 : 2).orElse(0);
        int present = 0;
        ByteBuffer ranges = ByteBuffer.allocate(40);
        boolean v4 = nat.minimum().map(address -> address instanceof Inet4Address).orElse(true);
        present |= putAddress(ranges, nat.minimum(), v4 ? 0x01 : 0x04);
        present |= putAddress(ranges, nat.maximum(), v4 ? 0x02 : 0x08);
        if (nat.minimumPort().isPresent()) {
            ranges.putShort((short) nat.minimumPort().getAsInt());
            present |= 0x10;
        }
        if (nat.maximumPort().isPresent()) {
            ranges.putShort((short) nat.maximumPort().getAsInt());
            present |= 0x20;
        }
        ByteBuffer out = start(pad(16 + ranges.position()), NAT);
        out.putShort((short) 0).putShort((short) flags).putShort((short) present);
        out.put(ranges.array(), 0, ranges.position());
        return finish(out);
    }

    private static int putAddress(
            ByteBuffer ranges, java.util.Optional<InetAddress> address, int bit) {
        if (address.isEmpty()) {
            return 0;
        }
        ranges.put(address.get().getAddress());
        return bit;
    }

    /**
     * {@code nx_action_learn}: timeouts, priority, cookie, flags, table, pad, fin timeouts, then
     * one {@code flow_mod_spec} per part of the learned flow, and zero padding.
     *
     * <pre>
     *   spec header:16 = src_type:1 (bit 13: immediate) | dst_type:2 (bits 11-12: match, load,
     *                    output) | n_bits:11
     *   source: field header:32 + offset:16, or the value in n_bits rounded up to 16-bit words
     *   destination (match, load): field header:32 + offset:16
     * </pre>
     */
    static OFAction learn(Action.Learn learn) {
        ByteBuffer specs = ByteBuffer.allocate(64 + 16 * learn.specs().size());
        learn.specs().forEach(spec -> putSpec(specs, spec));
        ByteBuffer out = start(pad(32 + specs.position()), LEARN);
        out.putShort((short) learn.idleTimeout());
        out.putShort((short) learn.hardTimeout());
        out.putShort((short) learn.priority());
        out.putLong(learn.cookie());
        out.putShort((short) 0);
        out.put((byte) learn.table());
        out.put((byte) 0);
        out.putShort((short) 0).putShort((short) 0);
        out.put(specs.array(), 0, specs.position());
        return finish(out);
    }

    private static void putSpec(ByteBuffer out, LearnSpec spec) {
        switch (spec) {
            case LearnSpec.MatchField match -> {
                out.putShort((short) (0 << 13 | 0 << 11 | match.bits()));
                putFieldReference(out, match.source(), match.sourceOffset());
                putFieldReference(out, match.destination(), match.destinationOffset());
            }
            case LearnSpec.LoadField load -> {
                out.putShort((short) (0 << 13 | 1 << 11 | load.bits()));
                putFieldReference(out, load.source(), load.sourceOffset());
                putFieldReference(out, load.destination(), load.destinationOffset());
            }
            case LearnSpec.LoadValue load -> {
                out.putShort((short) (1 << 13 | 1 << 11 | load.bits()));
                putImmediate(out, load.value(), load.bits());
                putFieldReference(out, load.destination(), load.offset());
            }
            case LearnSpec.Output output -> {
                out.putShort((short) (0 << 13 | 2 << 11 | output.bits()));
                putFieldReference(out, output.source(), output.offset());
            }
        }
    }

    private static void putFieldReference(ByteBuffer out, Field field, int offset) {
        out.putInt(field.header()).putShort((short) offset);
    }

    // An immediate takes n_bits rounded up to whole 16-bit words, most significant first.
    private static void putImmediate(ByteBuffer out, long value, int bits) {
        int words = (bits + 15) / 16;
        for (int word = words - 1; word >= 0; word--) {
            out.putShort((short) (word >= 4 ? 0 : value >>> (16 * word)));
        }
    }

    static int ofsNbits(int offset, int bits) {
        return offset << 6 | (bits - 1);
    }

    private static ByteBuffer start(int length, int subtype) {
        ByteBuffer out = ByteBuffer.allocate(length);
        out.putShort((short) 0xffff)
                .putShort((short) length)
                .putInt(NICIRA)
                .putShort((short) subtype);
        return out;
    }

    private static OFAction finish(ByteBuffer out) {
        return new EncodedAction(OFActionType.EXPERIMENTER, out.array());
    }

    private static int pad(int length) {
        return (length + 7) / 8 * 8;
    }
}
