package org.weft.dataplane.openflow;

/**
 * A match on connection tracking state ({@code ct_state}): bits that must be set and bits that must
 * be clear, written as Open vSwitch writes them, e.g. {@code +trk+est-rel-inv}.
 */
public record CtState(long value, long mask) {
    public static final int NEW = 0x01;
    public static final int ESTABLISHED = 0x02;
    public static final int RELATED = 0x04;
    public static final int REPLY = 0x08;
    public static final int INVALID = 0x10;
    public static final int TRACKED = 0x20;
    public static final int SOURCE_NAT = 0x40;
    public static final int DESTINATION_NAT = 0x80;

    private static final String[] NAMES = {
        "new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat"
    };

    /** Parses {@code +trk+est-rel}: each flag set ({@code +}) or clear ({@code -}). */
    public static CtState parse(String flags) {
        long value = 0;
        long mask = 0;
        int at = 0;
        while (at < flags.length()) {
            char sign = flags.charAt(at);
            int end = at + 1;
            while (end < flags.length() && Character.isLetter(flags.charAt(end))) {
                end++;
            }
            int bit = bitOf(flags.substring(at + 1, end), flags);
            if (sign != '+' && sign != '-') {
                throw new IllegalArgumentException("ct_state '" + flags + "': expected + or -");
            }
            mask |= bit;
            if (sign == '+') {
                value |= bit;
            }
            at = end;
        }
        return new CtState(value, mask);
    }

    private static int bitOf(String name, String flags) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return 1 << i;
            }
        }
        throw new IllegalArgumentException("ct_state '" + flags + "': unknown flag '" + name + "'");
    }
}
