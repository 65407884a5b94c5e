package org.weft.server.service;

import java.util.Map;
import org.weft.server.ipam.MacAddress;

/**
 * The settings the service layer works with, read from the server's configuration.
 *
 * @param baseMac the MAC address new ports' addresses are made from ({@code base_mac})
 * @param allowOverlappingIps whether subnets of different networks may overlap
 * @param quotaDefaults each quota resource's default limit, in Neutron's order; -1 unlimited
 */
public record ServiceSettings(
        MacAddress baseMac, boolean allowOverlappingIps, Map<String, Integer> quotaDefaults) {

    public ServiceSettings {
        quotaDefaults =
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(quotaDefaults));
    }

    /** Neutron's defaults. */
    public static ServiceSettings defaults() {
        return new ServiceSettings(
                MacAddress.parse("fa:16:3e:00:00:00"), true, Quotas.NEUTRON_DEFAULTS);
    }
}
