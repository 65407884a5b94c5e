package org.weft.agent.dhcp;

import java.util.Objects;

/**
 * A route a subnet hands to its hosts: traffic to {@code destination} (a CIDR) via {@code nexthop}.
 */
public record HostRoute(String destination, String nexthop) {
    public HostRoute {
        Objects.requireNonNull(destination);
        Objects.requireNonNull(nexthop);
    }
}
