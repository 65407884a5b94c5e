package org.weft.agent.l3;

import java.util.Locale;

/** A subnet's {@code ipv6_ra_mode}: what the router's advertisements tell hosts to do. */
public enum Ipv6RaMode {
    /** Hosts make their own address from the prefix (SLAAC), no DHCPv6. */
    SLAAC,
    /** SLAAC for the address, DHCPv6 for the other settings (DNS). */
    DHCPV6_STATELESS,
    /** DHCPv6 for the address too. */
    DHCPV6_STATEFUL;

    /** The mode as the API spells it ({@code dhcpv6-stateless}). */
    public static Ipv6RaMode of(String apiValue) {
        return valueOf(apiValue.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    public String apiValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
