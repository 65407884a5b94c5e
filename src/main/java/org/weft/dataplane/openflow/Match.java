package org.weft.dataplane.openflow;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a flow matches: fields with values and optional masks. Two matches are equal when they hold
 * the same fields with the same values and masks, whatever their order; values are kept as Open
 * vSwitch keeps them (bits outside the mask cleared, a full mask dropped, an empty mask meaning no
 * match at all), so a match read back from the switch equals the one installed.
 */
public final class Match {
    private static final Match ALL = new Match(Map.of());

    /** The bit of {@code vlan_vid} that says a packet has a VLAN tag (OFPVID_PRESENT). */
    public static final int VLAN_PRESENT = 0x1000;

    private final Map<Field, Entry> entries;
    // Encoded once: a match is written with every flow-mod that carries it.
    private final byte[] oxm;
    // Matches are keys of the maps flows are compared in: hashed once.
    private final int hash;

    private Match(Map<Field, Entry> entries) {
        this.entries = Map.copyOf(entries);
        this.oxm = encode(entries.values());
        this.hash = fnv1a(oxm);
    }

    /** The match of every packet. */
    public static Match all() {
        return ALL;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Collection<Entry> entries() {
        return entries.values();
    }

    public Optional<Entry> entry(Field field) {
        return Optional.ofNullable(entries.get(field));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** This match with {@code entry} added or replaced. */
    public Match with(Entry entry) {
        Map<Field, Entry> copy = new LinkedHashMap<>(entries);
        copy.put(entry.field(), entry);
        return new Match(copy);
    }

    /** The OXM TLVs of this match in a stable order (OpenFlow 1.4 §7.2.3.2), without padding. */
    public byte[] toOxm() {
        return oxm.clone();
    }

    // FNV-1a over the canonical bytes: Arrays.hashCode's multiplier of 31 folds addresses that
    // differ in their last bytes onto few values (100,000 host routes gave 9,122 hashes).
    private static int fnv1a(byte[] bytes) {
        int hash = 0x811c9dc5;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return hash;
    }

    private static byte[] encode(Collection<Entry> entries) {
        Entry[] sorted = entries.toArray(Entry[]::new);
        Arrays.sort(
                sorted, Comparator.comparingLong(entry -> entry.field().header() & 0xffffffffL));
        int length = 0;
        for (Entry entry : sorted) {
            length += entry.encodedLength();
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        for (Entry entry : sorted) {
            entry.writeOxm(out);
        }
        return out.array();
    }

    /** Parses the OXM TLVs of a match as the switch sends them. */
    public static Match fromOxm(ByteBuffer tlvs) {
        Map<Field, Entry> entries = new LinkedHashMap<>();
        while (tlvs.remaining() >= 4) {
            int header = tlvs.getInt();
            boolean masked = (header & 0x100) != 0;
            Field field = Field.fromHeader(header);
            byte[] value = new byte[field.length()];
            tlvs.get(value);
            byte[] mask = null;
            if (masked) {
                mask = new byte[field.length()];
                tlvs.get(mask);
            }
            entries.put(field, Entry.of(field, value, mask));
        }
        return new Match(entries);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Match match && match.hash == hash && Arrays.equals(match.oxm, oxm);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The match as Open vSwitch's tools would roughly write it: {@code in_port=1,reg0=0x5}. */
    @Override
    public String toString() {
        if (entries.isEmpty()) {
            return "any";
        }
        return entries.values().stream()
                .sorted(Comparator.comparingLong(entry -> entry.field().header() & 0xffffffffL))
                .map(Entry::toString)
                .collect(Collectors.joining(","));
    }

    /** One field of a match: a value, and a mask when only some bits count. */
    public static final class Entry {
        private final Field field;
        private final byte[] value;
        private final byte[] mask;

        private Entry(Field field, byte[] value, byte[] mask) {
            this.field = field;
            this.value = value;
            this.mask = mask;
        }

        /**
         * The entry as Open vSwitch normalizes it; empty when the mask lets nothing through, which
         * Open vSwitch reads as no match on the field at all.
         */
        static Entry of(Field field, byte[] value, byte[] mask) {
            if (value.length != field.length() || (mask != null && mask.length != field.length())) {
                throw new IllegalArgumentException(
                        field + " takes " + field.length() + " bytes, got " + value.length);
            }
            if (mask == null || allOnes(mask)) {
                return new Entry(field, value.clone(), null);
            }
            byte[] masked = new byte[value.length];
            for (int i = 0; i < value.length; i++) {
                masked[i] = (byte) (value[i] & mask[i]);
            }
            return new Entry(field, masked, mask.clone());
        }

        public Field field() {
            return field;
        }

        public byte[] value() {
            return value.clone();
        }

        public Optional<byte[]> mask() {
            return Optional.ofNullable(mask).map(byte[]::clone);
        }

        /** The value as a number, for fields of up to 8 bytes. */
        public long longValue() {
            long number = 0;
            for (byte b : value) {
                number = (number << 8) | (b & 0xff);
            }
            return number;
        }

        int encodedLength() {
            return 4 + value.length * (mask == null ? 1 : 2);
        }

        void writeOxm(ByteBuffer out) {
            out.putInt(field.header(mask != null)).put(value);
            if (mask != null) {
                out.put(mask);
            }
        }

        private static boolean allOnes(byte[] mask) {
            for (byte b : mask) {
                if (b != (byte) 0xff) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Entry entry
                    && entry.field.equals(field)
                    && Arrays.equals(entry.value, value)
                    && Arrays.equals(entry.mask, mask);
        }

        @Override
        public int hashCode() {
            return field.hashCode() * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            HexFormat hex = HexFormat.of();
            return field
                    + "=0x"
                    + hex.formatHex(value)
                    + (mask == null ? "" : "/0x" + hex.formatHex(mask));
        }
    }

    /** Builds a {@link Match} field by field; a field set twice keeps the last value. */
    public static final class Builder {
        private final Map<Field, Entry> entries = new LinkedHashMap<>();

        private Builder() {}

        /** Any field, as raw bytes of its width; {@code mask} may be null. */
        public Builder field(Field field, byte[] value, byte[] mask) {
            if (mask != null && isZero(mask)) {
                entries.remove(field);
                return this;
            }
            entries.put(field, Entry.of(field, value, mask));
            return this;
        }

        public Builder field(Field field, long value) {
            return field(field, Bytes.of(value, field.length()), null);
        }

        public Builder field(Field field, long value, long mask) {
            return field(field, Bytes.of(value, field.length()), Bytes.of(mask, field.length()));
        }

        public Builder inPort(OfPort port) {
            return field(Field.IN_PORT, port.number());
        }

        public Builder ethType(int etherType) {
            return field(Field.ETH_TYPE, etherType);
        }

        /** A MAC address written {@code fa:16:3e:00:00:01}. */
        public Builder ethSrc(String mac) {
            return field(Field.ETH_SRC, Bytes.mac(mac), null);
        }

        public Builder ethDst(String mac) {
            return field(Field.ETH_DST, Bytes.mac(mac), null);
        }

        public Builder ethDst(String mac, String mask) {
            return field(Field.ETH_DST, Bytes.mac(mac), Bytes.mac(mask));
        }

        /** Packets tagged with VLAN {@code vid} (OFPVID_PRESENT set, OpenFlow 1.4 §7.2.3.8). */
        public Builder vlanVid(int vid) {
            return field(Field.VLAN_VID, VLAN_PRESENT | vid);
        }

        /** Packets without a VLAN tag. */
        public Builder noVlan() {
            return field(Field.VLAN_VID, 0);
        }

        /** Packets with any VLAN tag. */
        public Builder anyVlan() {
            return field(Field.VLAN_VID, VLAN_PRESENT, VLAN_PRESENT);
        }

        public Builder ipProto(int protocol) {
            return field(Field.IP_PROTO, protocol);
        }

        public Builder ipv4Src(InetAddress address, int prefix) {
            return address(Field.IPV4_SRC, address, prefix);
        }

        public Builder ipv4Dst(InetAddress address, int prefix) {
            return address(Field.IPV4_DST, address, prefix);
        }

        public Builder ipv6Src(InetAddress address, int prefix) {
            return address(Field.IPV6_SRC, address, prefix);
        }

        public Builder ipv6Dst(InetAddress address, int prefix) {
            return address(Field.IPV6_DST, address, prefix);
        }

        public Builder arpTpa(InetAddress address) {
            return address(Field.ARP_TPA, address, 32);
        }

        public Builder arpSpa(InetAddress address) {
            return address(Field.ARP_SPA, address, 32);
        }

        public Builder tcpDst(int port) {
            return field(Field.TCP_DST, port);
        }

        public Builder tcpDst(int port, int mask) {
            return field(Field.TCP_DST, port, mask);
        }

        public Builder udpSrc(int port) {
            return field(Field.UDP_SRC, port);
        }

        public Builder udpDst(int port) {
            return field(Field.UDP_DST, port);
        }

        public Builder tunnelId(long key) {
            return field(Field.TUNNEL_ID, key);
        }

        public Builder register(int register, long value) {
            return field(Field.register(register), value);
        }

        public Builder register(int register, long value, long mask) {
            return field(Field.register(register), value, mask);
        }

        /** Connection tracking state bits that must be set and clear, see {@link CtState}. */
        public Builder ctState(CtState state) {
            return field(Field.CT_STATE, state.value(), state.mask());
        }

        public Builder ctZone(int zone) {
            return field(Field.CT_ZONE, zone);
        }

        public Builder ctMark(long mark, long mask) {
            return field(Field.CT_MARK, mark, mask);
        }

        public Builder conjunctionId(long id) {
            return field(Field.CONJ_ID, id);
        }

        public Builder metadata(long value, long mask) {
            return field(Field.METADATA, value, mask);
        }

        private Builder address(Field field, InetAddress address, int prefix) {
            boolean wantsV4 = field.length() == 4;
            if (wantsV4 != (address instanceof Inet4Address)) {
                throw new IllegalArgumentException(
                        field + " needs an IPv" + (wantsV4 ? 4 : 6) + " address, got " + address);
            }
            return field(field, address.getAddress(), Bytes.prefixMask(prefix, field.length()));
        }

        private static boolean isZero(byte[] bytes) {
            for (byte b : bytes) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }

        public Match build() {
            return entries.isEmpty() ? ALL : new Match(entries);
        }
    }
}
