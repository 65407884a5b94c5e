package org.weft.agent.l3;

import java.util.List;
import java.util.Objects;
import org.weft.dataplane.linux.PluggedDevice;

/**
 * A router interface: the router's port on a tenant network, whose addresses are the gateways of
 * the network's subnets.
 */
public record RouterInterface(
        String portId, String networkId, String mac, int mtu, List<PortAddress> addresses) {

    public RouterInterface {
        Objects.requireNonNull(portId);
        Objects.requireNonNull(networkId);
        Objects.requireNonNull(mac);
        addresses = List.copyOf(addresses);
    }

    /** {@code qr-} and the first 11 characters of the port id. */
    public String deviceName() {
        return PluggedDevice.deviceName("qr-", portId);
    }
}
