package org.weft.agent.l3;

import java.util.Objects;

/**
 * A floating IP associated with a fixed IP behind the router: traffic to {@code floatingIpAddress}
 * is sent on to {@code fixedIpAddress}, and the fixed IP's traffic leaves with the floating one.
 */
public record FloatingIp(String id, String floatingIpAddress, String fixedIpAddress) {
    public FloatingIp {
        Objects.requireNonNull(id);
        floatingIpAddress = PortAddress.canonical(floatingIpAddress);
        fixedIpAddress = PortAddress.canonical(fixedIpAddress);
    }
}
