package org.weft.agent.l3;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.weft.dataplane.linux.PluggedDevice;

/**
 * A router's external gateway: its port on the external network.
 *
 * @param enableSnat whether traffic of the router's subnets leaves with the gateway's address
 *     ({@code external_gateway_info.enable_snat})
 */
public record RouterGateway(
        String portId,
        String networkId,
        String mac,
        int mtu,
        List<PortAddress> addresses,
        boolean enableSnat) {

    public RouterGateway {
        Objects.requireNonNull(portId);
        Objects.requireNonNull(networkId);
        Objects.requireNonNull(mac);
        addresses = List.copyOf(addresses);
    }

    /** {@code qg-} and the first 11 characters of the port id. */
    public String deviceName() {
        return PluggedDevice.deviceName("qg-", portId);
    }

    /** The gateway's IPv4 address, the source of SNAT; empty for an IPv6-only gateway. */
    public Optional<PortAddress> ipv4() {
        return addresses.stream().filter(address -> !address.isIpv6()).findFirst();
    }
}
