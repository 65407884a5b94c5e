package org.weft.dataplane.ovsdb;

import java.util.Locale;

/**
 * What a bridge does without a controller: {@code standalone} falls back to a learning switch,
 * {@code secure} keeps only the flows it was given (the agents' bridges are secure, so that no
 * traffic passes before their flows are in place).
 */
public enum FailMode {
    STANDALONE,
    SECURE;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static FailMode parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
