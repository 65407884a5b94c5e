package org.weft.server.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.weft.server.ipam.Cidr;
import org.weft.server.ipam.IpAddress;
import org.weft.server.ipam.IpRange;
import org.weft.server.policy.ProjectId;

/** A subnet as the API shows it, attribute names as Neutron's. */
@JsonPropertyOrder({
    "id",
    "name",
    "tenant_id",
    "network_id",
    "ip_version",
    "subnetpool_id",
    "enable_dhcp",
    "ipv6_ra_mode",
    "ipv6_address_mode",
    "gateway_ip",
    "cidr",
    "allocation_pools",
    "host_routes",
    "dns_nameservers",
    "description",
    "service_types",
    "tags",
    "created_at",
    "updated_at",
    "revision_number",
    "project_id"
})
public record Subnet(
        @JsonProperty("id") SubnetId id,
        @JsonProperty("name") String name,
        @JsonProperty("project_id") ProjectId projectId,
        @JsonProperty("network_id") NetworkId networkId,
        @JsonProperty("ip_version") int ipVersion,
        @JsonProperty("subnetpool_id") Optional<String> subnetpoolId,
        @JsonProperty("enable_dhcp") boolean enableDhcp,
        @JsonProperty("ipv6_ra_mode") Optional<String> ipv6RaMode,
        @JsonProperty("ipv6_address_mode") Optional<String> ipv6AddressMode,
        @JsonProperty("gateway_ip") Optional<IpAddress> gatewayIp,
        @JsonProperty("cidr") Cidr cidr,
        @JsonProperty("allocation_pools") List<IpRange> allocationPools,
        @JsonProperty("host_routes") List<HostRoute> hostRoutes,
        @JsonProperty("dns_nameservers") List<IpAddress> dnsNameservers,
        @JsonProperty("description") String description,
        @JsonProperty("service_types") List<String> serviceTypes,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("revision_number") long revisionNumber)
        implements StandardResource {

    public Subnet {
        allocationPools = List.copyOf(allocationPools);
        hostRoutes = List.copyOf(hostRoutes);
        dnsNameservers = List.copyOf(dnsNameservers);
        serviceTypes = List.copyOf(serviceTypes);
        tags = List.copyOf(tags);
    }

    @JsonProperty("tenant_id")
    public ProjectId tenantId() {
        return projectId;
    }

    @Override
    public String resourceId() {
        return id.value();
    }
}
