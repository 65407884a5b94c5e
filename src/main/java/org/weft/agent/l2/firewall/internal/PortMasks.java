package org.weft.agent.l2.firewall.internal;

import java.util.ArrayList;
import java.util.List;

/** A range of ports as the fewest value/mask pairs that cover exactly it, for OpenFlow matches. */
public final class PortMasks {
    private PortMasks() {}

    /** One value and mask: the ports {@code p} with {@code p & mask == value}. */
    public record Masked(int value, int mask) {}

    /** The pairs covering {@code min} to {@code max} (inclusive, 0 to 65535). */
    public static List<Masked> of(int min, int max) {
        if (min < 0 || max > 0xffff || min > max) {
            throw new IllegalArgumentException("port range " + min + "-" + max + " is invalid");
        }
        List<Masked> pairs = new ArrayList<>();
        int at = min;
        while (at <= max) {
            // The largest aligned block starting at 'at' that still fits in the range.
            int size = at == 0 ? 0x10000 : Integer.lowestOneBit(at);
            while (at + size - 1 > max) {
                size >>= 1;
            }
            pairs.add(new Masked(at, 0xffff & ~(size - 1)));
            at += size;
        }
        return pairs;
    }
}
