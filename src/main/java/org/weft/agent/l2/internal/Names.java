package org.weft.agent.l2.internal;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.weft.dataplane.ovsdb.TunnelType;

/**
 * The names of the ports the agent makes, which a restarted agent must find again: a tunnel port is
 * named by its type and the peer's address ({@code gre-0a141435} for 10.20.20.53), a patch port by
 * its role and the bridge at its other end ({@code int-br-ex}, {@code phy-br-ex}). Device names
 * have at most 15 characters; a longer name gets a hash in place of its tail.
 */
public final class Names {
    public static final String PATCH_TO_TUNNEL = "patch-tun";
    public static final String PATCH_TO_INTEGRATION = "patch-int";
    private static final int MAX = 15;

    private Names() {}

    /** The tunnel port to {@code remoteIp}: type, dash, the IPv4 address in hex (or a hash). */
    public static String tunnelPort(TunnelType type, InetAddress remoteIp) {
        byte[] address = remoteIp.getAddress();
        String suffix =
                address.length == 4
                        ? HexFormat.of().formatHex(address)
                        : hash(remoteIp.getHostAddress()).substring(0, 8);
        return type.type() + "-" + suffix;
    }

    /**
     * The tunnel type and remote address of a port named by {@link #tunnelPort}; empty for any
     * other name (such as the guide's era's {@code gre-1}).
     */
    public static Optional<TunnelType> tunnelTypeOf(String portName) {
        for (TunnelType type : TunnelType.values()) {
            if (portName.matches(type.type() + "-[0-9a-f]{8}")) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** {@code int-<bridge>}: on {@code br-int}, to the bridge of a physical network. */
    public static String integrationSide(String bridge) {
        return bounded("int-", bridge);
    }

    /** {@code phy-<bridge>}: on the bridge of a physical network, to {@code br-int}. */
    public static String bridgeSide(String bridge) {
        return bounded("phy-", bridge);
    }

    private static String bounded(String prefix, String bridge) {
        String name = prefix + bridge;
        if (name.length() <= MAX) {
            return name;
        }
        return prefix
                + bridge.substring(0, MAX - prefix.length() - 5)
                + "-"
                + hash(bridge).substring(0, 4);
    }

    private static String hash(String text) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-1")
                                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 missing from this Java runtime", e);
        }
    }
}
