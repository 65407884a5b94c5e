package org.weft.server.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.weft.server.ipam.Cidr;
import org.weft.server.ipam.IpAddress;

/** A route a subnet hands to its hosts by DHCP. */
@JsonPropertyOrder({"destination", "nexthop"})
public record HostRoute(
        @JsonProperty("destination") Cidr destination,
        @JsonProperty("nexthop") IpAddress nexthop) {}
