package org.weft.agent.dhcp.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import org.weft.config.CommonOptions;
import org.weft.config.Config;

/** Who this agent is to the server: its host name, and the device id of its DHCP ports. */
public final class AgentIdentity {
    /** RFC 4122 Appendix C: the name space of fully qualified domain names. */
    private static final UUID NAMESPACE_DNS =
            UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

    private AgentIdentity() {}

    /** The {@code host} setting, or the machine's host name. */
    public static String host(Config config) {
        return config.find(CommonOptions.HOST).orElseGet(AgentIdentity::machineName);
    }

    private static String machineName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /**
     * The {@code device_id} of the DHCP port this host's agent owns on a network: {@code dhcp}, the
     * name-based UUID of the host, {@code -}, the network's id; the same as Neutron's, so that an
     * agent finds its port again whatever restarted.
     */
    public static String dhcpDeviceId(String host, String networkId) {
        return "dhcp" + uuid5(NAMESPACE_DNS, host) + "-" + networkId;
    }

    /** RFC 4122 §4.3 with SHA-1 (version 5). */
    static UUID uuid5(UUID namespace, String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            ByteBuffer prefix = ByteBuffer.allocate(16);
            prefix.putLong(namespace.getMostSignificantBits());
            prefix.putLong(namespace.getLeastSignificantBits());
            sha1.update(prefix.array());
            sha1.update(name.getBytes(StandardCharsets.UTF_8));
            byte[] hash = sha1.digest();
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
            ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
            return new UUID(bits.getLong(), bits.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }
}
