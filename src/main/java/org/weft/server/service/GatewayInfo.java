package org.weft.server.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A router's {@code external_gateway_info}: the external network, the gateway port's addresses on
 * it, and whether the router SNATs its subnets' traffic to them.
 */
@JsonPropertyOrder({"network_id", "external_fixed_ips", "enable_snat"})
public record GatewayInfo(
        @JsonProperty("network_id") NetworkId networkId,
        @JsonProperty("external_fixed_ips") List<FixedIp> externalFixedIps,
        @JsonProperty("enable_snat") boolean enableSnat) {
    public GatewayInfo {
        externalFixedIps = List.copyOf(externalFixedIps);
    }
}
