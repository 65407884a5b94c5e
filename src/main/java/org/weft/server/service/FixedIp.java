package org.weft.server.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.weft.server.ipam.IpAddress;

/** One address of a port, from one of its network's subnets. */
@JsonPropertyOrder({"subnet_id", "ip_address"})
public record FixedIp(
        @JsonProperty("subnet_id") SubnetId subnetId,
        @JsonProperty("ip_address") IpAddress ipAddress) {}
