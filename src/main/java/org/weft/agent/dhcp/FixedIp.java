package org.weft.agent.dhcp;

import java.util.Objects;

/**
 * One address of a port: the subnet it comes from and the address itself, as the server writes it
 * ({@code 10.0.0.5}, {@code fd00::5}).
 */
public record FixedIp(String subnetId, String ipAddress) {
    public FixedIp {
        Objects.requireNonNull(subnetId);
        Objects.requireNonNull(ipAddress);
    }
}
