package org.weft.dataplane.ovsdb;

import java.util.Locale;

/** The tunnel interface types the agents use, by their Open vSwitch type name. */
public enum TunnelType {
    GRE,
    VXLAN,
    GENEVE;

    /** The {@code Interface.type} value: {@code gre}, {@code vxlan}, {@code geneve}. */
    public String type() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type named {@code text} as the configuration writes it ({@code gre}, {@code vxlan}). */
    public static TunnelType parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown tunnel type '" + text + "', expected gre, vxlan or geneve");
        }
    }
}
