package org.weft.agent.vif;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A VM's port as the compute host plugs it: what Nova hands os-vif for one network interface.
 *
 * @param portId the Weft port's id, set as {@code external_ids:iface-id}
 * @param mac the port's MAC address, given to the VM's device and set as {@code attached-mac}
 * @param mtu the network's MTU, given to every device of the port
 * @param vmUuid the VM's id, set as {@code external_ids:vm-uuid}
 * @param hybridPlug whether the port's {@code binding:vif_details} say {@code ovs_hybrid_plug}: a
 *     per-port Linux bridge between the VM and {@code br-int}, where iptables can filter
 */
public record VifPort(String portId, String mac, int mtu, String vmUuid, boolean hybridPlug) {
    private static final Pattern PORT_ID = Pattern.compile("[0-9a-fA-F-]{11,}");
    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");

    /** How many characters of the port id os-vif puts in device names. */
    private static final int ID_IN_NAMES = 11;

    public VifPort {
        Objects.requireNonNull(vmUuid);
        if (portId == null || !PORT_ID.matcher(portId).matches()) {
            throw new IllegalArgumentException("invalid port id '" + portId + "'");
        }
        mac = mac == null ? null : mac.toLowerCase(Locale.ROOT);
        if (mac == null || !MAC.matcher(mac).matches()) {
            throw new IllegalArgumentException("invalid MAC address '" + mac + "'");
        }
        if (mtu < 68 || mtu > 65535) {
            throw new IllegalArgumentException("invalid MTU " + mtu);
        }
    }

    /** The device on the host that carries the VM's traffic: {@code tap} and 11 id characters. */
    public String tapName() {
        return tapName(portId);
    }

    /** The per-port Linux bridge of the hybrid plug: {@code qbr…}. */
    public String linuxBridgeName() {
        return deviceName("qbr", portId);
    }

    /** The hybrid plug's veth end on the Linux bridge: {@code qvb…}. */
    public String bridgeSideName() {
        return deviceName("qvb", portId);
    }

    /** The hybrid plug's veth end on {@code br-int}: {@code qvo…}. */
    public String switchSideName() {
        return deviceName("qvo", portId);
    }

    /** The device that sits on {@code br-int}: the tap, or {@code qvo…} when plugged hybrid. */
    public String integrationDeviceName() {
        return hybridPlug ? switchSideName() : tapName();
    }

    static String tapName(String portId) {
        return deviceName("tap", portId);
    }

    static String deviceName(String prefix, String portId) {
        return prefix + portId.substring(0, Math.min(ID_IN_NAMES, portId.length()));
    }
}
