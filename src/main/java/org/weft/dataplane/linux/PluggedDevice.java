package org.weft.dataplane.linux;

import java.util.Objects;

/**
 * A port's device in a namespace: what an {@link InterfaceDriver} makes.
 *
 * <p>The device is one end of a veth pair; the other end, named {@link #bridgeSideName()}, sits on
 * {@code bridge}. A veth rather than an Open vSwitch internal port, because an internal port of a
 * userspace switch cannot leave the switch's namespace.
 *
 * @param portId the Weft port the device serves, set as {@code external_ids:iface-id}
 * @param name the device name in the namespace, at most 15 characters ({@code qr-1a2b3c4d-5e})
 * @param mac the port's MAC address
 * @param mtu the network's MTU
 * @param namespace where the device lives
 * @param bridge the bridge the other end is attached to ({@code br-int}, {@code br-ex})
 */
public record PluggedDevice(
        String portId, String name, String mac, int mtu, Placement namespace, String bridge) {

    public PluggedDevice {
        Objects.requireNonNull(portId);
        Objects.requireNonNull(mac);
        Objects.requireNonNull(namespace);
        Objects.requireNonNull(bridge);
        if (name.isEmpty() || name.length() > 15) {
            throw new IllegalArgumentException("device name must have 1 to 15 characters: " + name);
        }
    }

    /** The device name Neutron gives a port: a prefix and the first 11 characters of its id. */
    public static String deviceName(String prefix, String portId) {
        return prefix + portId.substring(0, Math.min(11, portId.length()));
    }

    /** The bridge side of the veth pair: {@code v} and the first 13 characters of the port id. */
    public String bridgeSideName() {
        return "v" + portId.substring(0, Math.min(13, portId.length()));
    }
}
