package org.weft.lab;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A VM to create: its name, the compute host, and the port to plug, whose MAC, MTU and plugging
 * come from the API unless given.
 *
 * @param name the VM's name (lower-case letters, digits and dashes, at most 12)
 * @param host the compute host ({@code compute1})
 * @param portId the port to plug
 * @param mac the port's MAC, or empty to read it from the API
 * @param mtu the network's MTU, or empty to read it from the API (1500 with a given MAC)
 * @param hybridPlug whether to plug through a per-port Linux bridge, or empty to follow the port's
 *     {@code binding:vif_details}
 * @param dhcp whether the VM takes its address with a DHCP client
 */
public record VmSpec(
        String name,
        String host,
        String portId,
        Optional<String> mac,
        Optional<Integer> mtu,
        Optional<Boolean> hybridPlug,
        boolean dhcp) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,11}");

    public VmSpec {
        Objects.requireNonNull(host);
        Objects.requireNonNull(portId);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "invalid VM name '" + name + "': up to 12 lower-case letters, digits, dashes");
        }
    }

    /** A VM on {@code host} plugged into {@code portId}, with the port's details from the API. */
    public static VmSpec of(String name, String host, String portId) {
        return new VmSpec(
                name, host, portId, Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    /** The same VM with the port's MAC and MTU given rather than read from the API. */
    public VmSpec withPort(String macAddress, int networkMtu) {
        return new VmSpec(
                name,
                host,
                portId,
                Optional.of(macAddress),
                Optional.of(networkMtu),
                hybridPlug,
                dhcp);
    }

    public VmSpec withHybridPlug(boolean hybrid) {
        return new VmSpec(name, host, portId, mac, mtu, Optional.of(hybrid), dhcp);
    }

    /** The same VM taking its address with a DHCP client. */
    public VmSpec withDhcp() {
        return new VmSpec(name, host, portId, mac, mtu, hybridPlug, true);
    }
}
