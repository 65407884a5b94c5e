package org.weft.server.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.weft.server.ipam.IpAddress;
import org.weft.server.ipam.MacAddress;
import org.weft.server.policy.ProjectId;

/**
 * A floating IP as the API shows it: an address of an external network, associated (or not) with a
 * fixed IP of a port behind a router whose gateway is on that network.
 */
@JsonPropertyOrder({
    "id",
    "tenant_id",
    "floating_ip_address",
    "floating_network_id",
    "router_id",
    "port_id",
    "fixed_ip_address",
    "status",
    "description",
    "port_details",
    "tags",
    "created_at",
    "updated_at",
    "revision_number",
    "project_id"
})
public record FloatingIp(
        @JsonProperty("id") FloatingIpId id,
        @JsonProperty("project_id") ProjectId projectId,
        @JsonProperty("floating_ip_address") IpAddress floatingIpAddress,
        @JsonProperty("floating_network_id") NetworkId floatingNetworkId,
        @JsonProperty("router_id") Optional<RouterId> routerId,
        @JsonProperty("port_id") Optional<PortId> portId,
        @JsonProperty("fixed_ip_address") Optional<IpAddress> fixedIpAddress,
        @JsonProperty("status") String status,
        @JsonProperty("description") String description,
        @JsonProperty("port_details") Optional<PortDetails> portDetails,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("revision_number") long revisionNumber)
        implements StandardResource {

    /** {@code device_owner} of the port that holds a floating IP's address. */
    public static final String PORT_OWNER = "network:floatingip";

    public FloatingIp {
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

    /** What a floating IP shows of the port it is associated with. */
    @JsonPropertyOrder({
        "name",
        "network_id",
        "mac_address",
        "admin_state_up",
        "status",
        "device_id",
        "device_owner"
    })
    public record PortDetails(
            @JsonProperty("name") String name,
            @JsonProperty("network_id") NetworkId networkId,
            @JsonProperty("mac_address") MacAddress macAddress,
            @JsonProperty("admin_state_up") boolean adminStateUp,
            @JsonProperty("status") String status,
            @JsonProperty("device_id") String deviceId,
            @JsonProperty("device_owner") String deviceOwner) {

        static PortDetails of(Port port) {
            return new PortDetails(
                    port.name(),
                    port.networkId(),
                    port.macAddress(),
                    port.adminStateUp(),
                    port.status(),
                    port.deviceId(),
                    port.deviceOwner());
        }
    }
}
