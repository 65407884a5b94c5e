package org.weft.server.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.weft.server.policy.ProjectId;

/** A router as the API shows it, attribute names as Neutron's; {@code routes} are extra routes. */
@JsonPropertyOrder({
    "id",
    "name",
    "tenant_id",
    "admin_state_up",
    "status",
    "external_gateway_info",
    "description",
    "availability_zones",
    "distributed",
    "ha",
    "availability_zone_hints",
    "routes",
    "flavor_id",
    "tags",
    "created_at",
    "updated_at",
    "revision_number",
    "project_id"
})
public record Router(
        @JsonProperty("id") RouterId id,
        @JsonProperty("name") String name,
        @JsonProperty("project_id") ProjectId projectId,
        @JsonProperty("admin_state_up") boolean adminStateUp,
        @JsonProperty("status") String status,
        @JsonProperty("external_gateway_info") Optional<GatewayInfo> gateway,
        @JsonProperty("description") String description,
        @JsonProperty("availability_zones") List<String> availabilityZones,
        @JsonProperty("distributed") boolean distributed,
        @JsonProperty("ha") boolean ha,
        @JsonProperty("availability_zone_hints") List<String> availabilityZoneHints,
        @JsonProperty("routes") List<HostRoute> routes,
        @JsonProperty("flavor_id") Optional<String> flavorId,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("revision_number") long revisionNumber)
        implements StandardResource {

    /** {@code device_owner} of a router's interface ports. */
    public static final String INTERFACE_OWNER = "network:router_interface";

    /** {@code device_owner} of a router's gateway port. */
    public static final String GATEWAY_OWNER = "network:router_gateway";

    public Router {
        availabilityZones = List.copyOf(availabilityZones);
        availabilityZoneHints = List.copyOf(availabilityZoneHints);
        routes = List.copyOf(routes);
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
