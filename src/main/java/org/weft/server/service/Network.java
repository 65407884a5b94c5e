package org.weft.server.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.weft.server.policy.ProjectId;

/** A network as the API shows it to an administrator, attribute names as Neutron's. */
@JsonPropertyOrder({
    "id",
    "name",
    "tenant_id",
    "admin_state_up",
    "mtu",
    "status",
    "subnets",
    "shared",
    "availability_zone_hints",
    "availability_zones",
    "ipv4_address_scope",
    "ipv6_address_scope",
    "router:external",
    "description",
    "port_security_enabled",
    "tags",
    "created_at",
    "updated_at",
    "revision_number",
    "project_id",
    "provider:network_type",
    "provider:physical_network",
    "provider:segmentation_id"
})
public record Network(
        @JsonProperty("id") NetworkId id,
        @JsonProperty("name") String name,
        @JsonProperty("project_id") ProjectId projectId,
        @JsonProperty("admin_state_up") boolean adminStateUp,
        @JsonProperty("mtu") int mtu,
        @JsonProperty("status") String status,
        @JsonProperty("subnets") List<SubnetId> subnets,
        @JsonProperty("shared") boolean shared,
        @JsonProperty("availability_zone_hints") List<String> availabilityZoneHints,
        @JsonProperty("availability_zones") List<String> availabilityZones,
        @JsonProperty("ipv4_address_scope") Optional<String> ipv4AddressScope,
        @JsonProperty("ipv6_address_scope") Optional<String> ipv6AddressScope,
        @JsonProperty("router:external") boolean routerExternal,
        @JsonProperty("description") String description,
        @JsonProperty("port_security_enabled") boolean portSecurityEnabled,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("revision_number") long revisionNumber,
        @JsonProperty("provider:network_type") Optional<String> networkType,
        @JsonProperty("provider:physical_network") Optional<String> physicalNetwork,
        @JsonProperty("provider:segmentation_id") Optional<Integer> segmentationId)
        implements StandardResource {

    public Network {
        subnets = List.copyOf(subnets);
        availabilityZoneHints = List.copyOf(availabilityZoneHints);
        availabilityZones = List.copyOf(availabilityZones);
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

    public Segment segment() {
        return new Segment(networkType, physicalNetwork, segmentationId);
    }
}
