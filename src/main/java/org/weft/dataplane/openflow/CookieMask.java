package org.weft.dataplane.openflow;

/**
 * Which flows a request is about, by cookie: those whose cookie, under {@code mask}, equals {@code
 * cookie} (OpenFlow 1.4 §7.3.4.2). A zero mask selects every flow.
 */
public record CookieMask(long cookie, long mask) {
    public static final CookieMask ANY = new CookieMask(0, 0);

    public static CookieMask exactly(long cookie) {
        return new CookieMask(cookie, -1L);
    }

    public boolean selects(long flowCookie) {
        return (flowCookie & mask) == (cookie & mask);
    }

    @Override
    public String toString() {
        return String.format("cookie=0x%x/0x%x", cookie, mask);
    }
}
