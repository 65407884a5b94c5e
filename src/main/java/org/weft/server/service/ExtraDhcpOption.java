package org.weft.server.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A DHCP option the DHCP agent adds for one port, such as a boot file name. */
@JsonPropertyOrder({"opt_name", "opt_value", "ip_version"})
public record ExtraDhcpOption(
        @JsonProperty("opt_name") String name,
        @JsonProperty("opt_value") String value,
        @JsonProperty("ip_version") int ipVersion) {}
