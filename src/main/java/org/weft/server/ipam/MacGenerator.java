package org.weft.server.ipam;

import java.util.random.RandomGenerator;

/**
 * Makes MAC addresses from the configured {@code base_mac}: the first three octets are kept, and so
 * are later ones that are not zero; the zero ones are drawn at random, as Neutron does. Uniqueness
 * is not this class's job: the store refuses a MAC already used on the network and the caller draws
 * again.
 */
public final class MacGenerator {
    private final MacAddress base;
    private final long randomMask;
    private final RandomGenerator random;

    public MacGenerator(MacAddress base, RandomGenerator random) {
        this.base = base;
        this.random = random;
        long mask = 0;
        for (int i = 3; i < 6; i++) {
            if (base.octet(i) == 0) {
                mask |= 0xffL << (8 * (5 - i));
            }
        }
        this.randomMask = mask;
    }

    public MacAddress next() {
        return new MacAddress(base.value() & ~randomMask | random.nextLong() & randomMask);
    }

    /** How many different addresses this generator can make. */
    public long space() {
        return Long.bitCount(randomMask) == 0 ? 1 : 1L << Long.bitCount(randomMask);
    }
}
