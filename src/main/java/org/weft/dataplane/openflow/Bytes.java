package org.weft.dataplane.openflow;

import java.util.HexFormat;

/** Numbers, MAC addresses and prefix masks as the big-endian bytes OpenFlow carries. */
final class Bytes {
    private Bytes() {}

    static byte[] of(long value, int length) {
        byte[] bytes = new byte[length];
        for (int i = length - 1; i >= 0; i--) {
            bytes[i] = (byte) value;
            value >>>= 8;
        }
        return bytes;
    }

    static byte[] mac(String text) {
        String[] parts = text.split(":");
        if (parts.length != 6) {
            throw new IllegalArgumentException("'" + text + "' is not a MAC address");
        }
        return HexFormat.of().parseHex(String.join("", parts));
    }

    /** The mask of a {@code prefix}-bit prefix over {@code length} bytes. */
    static byte[] prefixMask(int prefix, int length) {
        if (prefix < 0 || prefix > length * 8) {
            throw new IllegalArgumentException("prefix /" + prefix + " is longer than the address");
        }
        byte[] mask = new byte[length];
        for (int bit = 0; bit < prefix; bit++) {
            mask[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        return mask;
    }
}
