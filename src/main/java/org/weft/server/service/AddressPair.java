package org.weft.server.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.weft.server.ipam.MacAddress;

/**
 * An address a port may also send from (besides its fixed IPs): an IP address or CIDR, with the MAC
 * address it comes with (the port's own when none was given).
 */
@JsonPropertyOrder({"mac_address", "ip_address"})
public record AddressPair(
        @JsonProperty("ip_address") String ipAddress,
        @JsonProperty("mac_address") MacAddress macAddress) {}
