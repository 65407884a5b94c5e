package org.weft.dataplane.openflow;

import java.util.HashMap;
import java.util.Map;

/**
 * A packet field as OpenFlow extensible match names it: an OXM class, a field number and a width.
 * Standard fields are OXM's ({@code OFPXMC_OPENFLOW_BASIC}, class 0x8000, OpenFlow 1.4 §7.2.3.7);
 * the registers, connection tracking fields and {@code conj_id} are Open vSwitch's NXM fields
 * (class 0x0001), and the {@code NXM_OF_*} fields (class 0x0000) are the older names that {@code
 * learn} uses for its field references.
 *
 * <p>A header is {@code class:16 | field:7 | hasmask:1 | length:8}, the length counting value and
 * mask.
 */
public final class Field {
    private static final int OPENFLOW_BASIC = 0x8000;
    private static final int NXM_NX = 0x0001;
    private static final int NXM_OF = 0x0000;
    private static final Map<Integer, Field> BY_CLASS_AND_NUMBER = new HashMap<>();

    public static final Field IN_PORT = basic("in_port", 0, 4);
    public static final Field METADATA = basic("metadata", 2, 8);
    public static final Field ETH_DST = basic("eth_dst", 3, 6);
    public static final Field ETH_SRC = basic("eth_src", 4, 6);
    public static final Field ETH_TYPE = basic("eth_type", 5, 2);
    public static final Field VLAN_VID = basic("vlan_vid", 6, 2);
    public static final Field VLAN_PCP = basic("vlan_pcp", 7, 1);
    public static final Field IP_DSCP = basic("ip_dscp", 8, 1);
    public static final Field IP_PROTO = basic("ip_proto", 10, 1);
    public static final Field IPV4_SRC = basic("ipv4_src", 11, 4);
    public static final Field IPV4_DST = basic("ipv4_dst", 12, 4);
    public static final Field TCP_SRC = basic("tcp_src", 13, 2);
    public static final Field TCP_DST = basic("tcp_dst", 14, 2);
    public static final Field UDP_SRC = basic("udp_src", 15, 2);
    public static final Field UDP_DST = basic("udp_dst", 16, 2);
    public static final Field SCTP_DST = basic("sctp_dst", 18, 2);
    public static final Field ICMPV4_TYPE = basic("icmpv4_type", 19, 1);
    public static final Field ICMPV4_CODE = basic("icmpv4_code", 20, 1);
    public static final Field ARP_OP = basic("arp_op", 21, 2);
    public static final Field ARP_SPA = basic("arp_spa", 22, 4);
    public static final Field ARP_TPA = basic("arp_tpa", 23, 4);
    public static final Field ARP_SHA = basic("arp_sha", 24, 6);
    public static final Field ARP_THA = basic("arp_tha", 25, 6);
    public static final Field IPV6_SRC = basic("ipv6_src", 26, 16);
    public static final Field IPV6_DST = basic("ipv6_dst", 27, 16);
    public static final Field ICMPV6_TYPE = basic("icmpv6_type", 29, 1);
    public static final Field ICMPV6_CODE = basic("icmpv6_code", 30, 1);
    public static final Field IPV6_ND_TARGET = basic("ipv6_nd_target", 31, 16);
    public static final Field IPV6_ND_SLL = basic("ipv6_nd_sll", 32, 6);
    public static final Field IPV6_ND_TLL = basic("ipv6_nd_tll", 33, 6);
    public static final Field TUNNEL_ID = basic("tunnel_id", 38, 8);

    public static final Field TUN_IPV4_SRC = nicira("tun_src", 31, 4);
    public static final Field TUN_IPV4_DST = nicira("tun_dst", 32, 4);
    public static final Field PKT_MARK = nicira("pkt_mark", 33, 4);
    public static final Field CONJ_ID = nicira("conj_id", 37, 4);
    public static final Field CT_STATE = nicira("ct_state", 105, 4);
    public static final Field CT_ZONE = nicira("ct_zone", 106, 2);
    public static final Field CT_MARK = nicira("ct_mark", 107, 4);
    public static final Field CT_LABEL = nicira("ct_label", 108, 16);

    /** The older names {@code learn} refers to fields by, as Open vSwitch writes them. */
    public static final Field NXM_OF_IN_PORT = old("NXM_OF_IN_PORT", 0, 2);

    public static final Field NXM_OF_ETH_DST = old("NXM_OF_ETH_DST", 1, 6);
    public static final Field NXM_OF_ETH_SRC = old("NXM_OF_ETH_SRC", 2, 6);
    public static final Field NXM_OF_VLAN_TCI = old("NXM_OF_VLAN_TCI", 4, 2);
    public static final Field NXM_NX_TUN_ID = nicira("NXM_NX_TUN_ID", 16, 8);

    private static final Field[] REGISTERS = new Field[16];

    static {
        for (int i = 0; i < REGISTERS.length; i++) {
            REGISTERS[i] = nicira("reg" + i, i, 4);
        }
    }

    private final String name;
    private final int oxmClass;
    private final int number;
    private final int length;

    private Field(String name, int oxmClass, int number, int length) {
        this.name = name;
        this.oxmClass = oxmClass;
        this.number = number;
        this.length = length;
    }

    private static Field basic(String name, int number, int length) {
        return known(new Field(name, OPENFLOW_BASIC, number, length));
    }

    private static Field nicira(String name, int number, int length) {
        return known(new Field(name, NXM_NX, number, length));
    }

    private static Field old(String name, int number, int length) {
        return known(new Field(name, NXM_OF, number, length));
    }

    private static Field known(Field field) {
        BY_CLASS_AND_NUMBER.put(key(field.oxmClass, field.number), field);
        return field;
    }

    private static int key(int oxmClass, int number) {
        return (oxmClass << 7) | number;
    }

    /** Register {@code n} (0 to 15), {@code NXM_NX_REGn}: 32 bits of per-packet scratch space. */
    public static Field register(int n) {
        if (n < 0 || n >= REGISTERS.length) {
            throw new IllegalArgumentException("register " + n + " is not in 0-15");
        }
        return REGISTERS[n];
    }

    /** The field a header names; one Weft does not know gets a name from its numbers. */
    public static Field fromHeader(int header) {
        int oxmClass = header >>> 16;
        int number = (header >>> 9) & 0x7f;
        Field known = BY_CLASS_AND_NUMBER.get(key(oxmClass, number));
        if (known != null) {
            return known;
        }
        boolean masked = (header & 0x100) != 0;
        int length = masked ? (header & 0xff) / 2 : header & 0xff;
        return new Field(
                String.format("oxm(0x%04x:%d)", oxmClass, number), oxmClass, number, length);
    }

    public String name() {
        return name;
    }

    /** The value's width in bytes. */
    public int length() {
        return length;
    }

    public int bits() {
        return length * 8;
    }

    /** The header of this field in a match or a set_field action, with or without a mask. */
    public int header(boolean masked) {
        int payload = masked ? 2 * length : length;
        return (oxmClass << 16) | (number << 9) | (masked ? 0x100 : 0) | payload;
    }

    /** The unmasked header, as NXM actions ({@code load}, {@code move}, {@code learn}) name it. */
    public int header() {
        return header(false);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Field field
                && field.oxmClass == oxmClass
                && field.number == number
                && field.length == length;
    }

    @Override
    public int hashCode() {
        return key(oxmClass, number);
    }

    @Override
    public String toString() {
        return name;
    }
}
