package org.weft.dataplane.openflow;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One action of a flow's apply-actions instruction: the standard OpenFlow 1.4 actions the agents
 * use and the Open vSwitch (Nicira) extensions their pipelines need. A flow with no actions drops.
 */
public sealed interface Action {

    static Action output(OfPort port) {
        return new Output(port, 0);
    }

    /** Sends the whole packet to the controller. */
    static Action controller() {
        return new Output(OfPort.CONTROLLER, 0xffff);
    }

    static Action normal() {
        return output(OfPort.NORMAL);
    }

    static Action pushVlan() {
        return new PushVlan(0x8100);
    }

    static Action popVlan() {
        return new PopVlan();
    }

    static Action setField(Field field, long value) {
        return new SetField(field, Bytes.of(value, field.length()));
    }

    /** Sets the VLAN id of a tagged packet ({@code mod_vlan_vid}). */
    static Action setVlanVid(int vid) {
        return setField(Field.VLAN_VID, Match.VLAN_PRESENT | vid);
    }

    static Action setTunnelId(long key) {
        return setField(Field.TUNNEL_ID, key);
    }

    static Action setEthSrc(String mac) {
        return new SetField(Field.ETH_SRC, Bytes.mac(mac));
    }

    static Action setEthDst(String mac) {
        return new SetField(Field.ETH_DST, Bytes.mac(mac));
    }

    /** {@code resubmit(,table)}: looks the packet up in {@code table} and comes back. */
    static Action resubmit(int table) {
        return new Resubmit(OfPort.IN_PORT, table);
    }

    /** {@code load:value->field[offset..offset+bits-1]}. */
    static Action load(Field field, int offset, int bits, long value) {
        return new Load(field, offset, bits, value);
    }

    static Action move(
            Field source, int sourceOffset, Field destination, int destinationOffset, int bits) {
        return new Move(source, sourceOffset, destination, destinationOffset, bits);
    }

    /** {@code output:field[offset..]}: out of the port whose number the field holds. */
    static Action outputRegister(Field field, int offset, int bits) {
        return new OutputRegister(field, offset, bits);
    }

    static Action conjunction(long id, int clause, int clauses) {
        return new Conjunction(id, clause, clauses);
    }

    static Action ctClear() {
        return new CtClear();
    }

    static Action decrementTtl() {
        return new DecrementTtl();
    }

    /** Sends the packet out of a port. */
    record Output(OfPort port, int maxLength) implements Action {}

    record PushVlan(int etherType) implements Action {}

    record PopVlan() implements Action {}

    /** Sets a whole field ({@code set_field}, OpenFlow 1.4 §7.2.5). */
    record SetField(Field field, byte[] value) implements Action {
        public SetField {
            if (value.length != field.length()) {
                throw new IllegalArgumentException(field + " takes " + field.length() + " bytes");
            }
            value = value.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SetField set
                    && set.field.equals(field)
                    && java.util.Arrays.equals(set.value, value);
        }

        @Override
        public int hashCode() {
            return field.hashCode() * 31 + java.util.Arrays.hashCode(value);
        }
    }

    /** Nicira {@code resubmit(port,table)}. */
    record Resubmit(OfPort inPort, int table) implements Action {}

    /** Nicira {@code load}: writes {@code value} into some bits of a field. */
    record Load(Field field, int offset, int bits, long value) implements Action {
        public Load {
            checkBits(field, offset, bits);
        }
    }

    /** Nicira {@code move}: copies bits from one field into another. */
    record Move(Field source, int sourceOffset, Field destination, int destinationOffset, int bits)
            implements Action {
        public Move {
            checkBits(source, sourceOffset, bits);
            checkBits(destination, destinationOffset, bits);
        }
    }

    /** Nicira {@code output:field[]}. */
    record OutputRegister(Field field, int offset, int bits) implements Action {
        public OutputRegister {
            checkBits(field, offset, bits);
        }
    }

    /** Nicira {@code conjunction(id, clause/clauses)}, clauses counted from 1. */
    record Conjunction(long id, int clause, int clauses) implements Action {
        public Conjunction {
            if (clauses < 2 || clauses > 64 || clause < 1 || clause > clauses) {
                throw new IllegalArgumentException(
                        "conjunction clause "
                                + clause
                                + "/"
                                + clauses
                                + " is not k/n with 1<=k<=n, 2<=n<=64");
            }
        }
    }

    /** Nicira {@code ct_clear}. */
    record CtClear() implements Action {}

    /** {@code dec_ttl}. */
    record DecrementTtl() implements Action {}

    /**
     * Nicira {@code ct}: sends the packet through connection tracking in a zone (a number, or the
     * value of some bits of a field), optionally committing it, NATing it, setting its {@code
     * ct_mark}, and continuing in {@code table} with the tracking state known.
     */
    record Ct(
            boolean commit,
            OptionalInt zone,
            Optional<ZoneField> zoneField,
            OptionalInt table,
            Optional<Nat> nat,
            List<Action> actions)
            implements Action {
        public Ct {
            actions = List.copyOf(actions);
        }

        /** {@code ct(zone=zone,table=table)} without commit. */
        public static Ct track(int zone, int table) {
            return new Ct(
                    false,
                    OptionalInt.of(zone),
                    Optional.empty(),
                    OptionalInt.of(table),
                    Optional.empty(),
                    List.of());
        }

        public static Ct commit(int zone) {
            return new Ct(
                    true,
                    OptionalInt.of(zone),
                    Optional.empty(),
                    OptionalInt.empty(),
                    Optional.empty(),
                    List.of());
        }

        public Ct withNat(Nat translation) {
            return new Ct(commit, zone, zoneField, table, Optional.of(translation), actions);
        }

        public Ct withTable(int next) {
            return new Ct(commit, zone, zoneField, OptionalInt.of(next), nat, actions);
        }

        /** The zone taken from {@code field[offset..offset+bits-1]} instead of a number. */
        public Ct withZoneFrom(Field field, int offset, int bits) {
            return new Ct(
                    commit,
                    OptionalInt.empty(),
                    Optional.of(new ZoneField(field, offset, bits)),
                    table,
                    nat,
                    actions);
        }

        /** Actions run on commit, such as a {@code load} of {@code ct_mark}. */
        public Ct withActions(List<Action> onCommit) {
            return new Ct(commit, zone, zoneField, table, nat, onCommit);
        }
    }

    /** Where a {@link Ct} takes its zone from. */
    record ZoneField(Field field, int offset, int bits) {
        public ZoneField {
            checkBits(field, offset, bits);
        }
    }

    /**
     * Nicira {@code nat} inside {@code ct}: source or destination translation to an address range
     * (and port range), or with no range, the translation the connection already has.
     */
    record Nat(
            Optional<Kind> kind,
            Optional<InetAddress> minimum,
            Optional<InetAddress> maximum,
            OptionalInt minimumPort,
            OptionalInt maximumPort)
            implements Action {

        /** Which address is translated. */
        public enum Kind {
            SOURCE,
            DESTINATION
        }

        /** {@code nat}: applies the translation of the connection, for packets of it. */
        public static Nat existing() {
            return new Nat(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    OptionalInt.empty(),
                    OptionalInt.empty());
        }

        public static Nat source(InetAddress address) {
            return new Nat(
                    Optional.of(Kind.SOURCE),
                    Optional.of(address),
                    Optional.empty(),
                    OptionalInt.empty(),
                    OptionalInt.empty());
        }

        public static Nat destination(InetAddress address) {
            return new Nat(
                    Optional.of(Kind.DESTINATION),
                    Optional.of(address),
                    Optional.empty(),
                    OptionalInt.empty(),
                    OptionalInt.empty());
        }
    }

    /**
     * Nicira {@code learn}: adds or refreshes a flow in {@code table} built from the packet, as
     * {@code br-tun} learns where remote MAC addresses live.
     */
    record Learn(
            int table,
            int priority,
            int idleTimeout,
            int hardTimeout,
            long cookie,
            List<LearnSpec> specs)
            implements Action {
        public Learn {
            specs = List.copyOf(specs);
        }
    }

    private static void checkBits(Field field, int offset, int bits) {
        if (offset < 0 || bits < 1 || offset + bits > field.bits()) {
            throw new IllegalArgumentException(
                    field
                            + "["
                            + offset
                            + ".."
                            + (offset + bits - 1)
                            + "] is outside its "
                            + field.bits()
                            + " bits");
        }
    }
}
