package org.weft.agent.dhcp;

import java.util.Arrays;
import java.util.Optional;

/**
 * How an IPv6 subnet's hosts get their addresses and options ({@code ipv6_address_mode}) or who
 * sends router advertisements ({@code ipv6_ra_mode}), by the API's names.
 */
public enum Ipv6Mode {
    SLAAC("slaac"),
    DHCPV6_STATEFUL("dhcpv6-stateful"),
    DHCPV6_STATELESS("dhcpv6-stateless");

    private final String apiName;

    Ipv6Mode(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** The mode the API calls {@code name}; empty for null (the attribute not set). */
    public static Optional<Ipv6Mode> fromApiName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.of(
                Arrays.stream(values())
                        .filter(mode -> mode.apiName.equals(name))
                        .findFirst()
                        .orElseThrow(
                                () -> new IllegalArgumentException("unknown IPv6 mode: " + name)));
    }
}
