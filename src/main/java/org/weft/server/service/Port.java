package org.weft.server.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.weft.server.ipam.MacAddress;
import org.weft.server.policy.ProjectId;

/** A port as the API shows it to an administrator, attribute names as Neutron's. */
@JsonPropertyOrder({
    "id",
    "name",
    "network_id",
    "tenant_id",
    "mac_address",
    "admin_state_up",
    "status",
    "device_id",
    "device_owner",
    "fixed_ips",
    "allowed_address_pairs",
    "extra_dhcp_opts",
    "security_groups",
    "description",
    "binding:vnic_type",
    "binding:profile",
    "binding:host_id",
    "binding:vif_type",
    "binding:vif_details",
    "port_security_enabled",
    "tags",
    "created_at",
    "updated_at",
    "revision_number",
    "project_id"
})
public record Port(
        @JsonProperty("id") PortId id,
        @JsonProperty("name") String name,
        @JsonProperty("network_id") NetworkId networkId,
        @JsonProperty("project_id") ProjectId projectId,
        @JsonProperty("mac_address") MacAddress macAddress,
        @JsonProperty("admin_state_up") boolean adminStateUp,
        @JsonProperty("status") String status,
        @JsonProperty("device_id") String deviceId,
        @JsonProperty("device_owner") String deviceOwner,
        @JsonProperty("fixed_ips") List<FixedIp> fixedIps,
        @JsonProperty("allowed_address_pairs") List<AddressPair> allowedAddressPairs,
        @JsonProperty("extra_dhcp_opts") List<ExtraDhcpOption> extraDhcpOptions,
        @JsonProperty("security_groups") List<SecurityGroupId> securityGroups,
        @JsonProperty("description") String description,
        @JsonProperty("binding:vnic_type") String vnicType,
        @JsonProperty("binding:profile") ObjectNode bindingProfile,
        @JsonProperty("binding:host_id") String bindingHost,
        @JsonProperty("binding:vif_type") String vifType,
        @JsonProperty("binding:vif_details") ObjectNode vifDetails,
        @JsonProperty("port_security_enabled") boolean portSecurityEnabled,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("revision_number") long revisionNumber)
        implements StandardResource {

    /** {@code status} of a port no agent has wired yet, or whose agent reported it down. */
    public static final String DOWN = "DOWN";

    /** {@code status} of a port its agent has wired. */
    public static final String ACTIVE = "ACTIVE";

    public Port {
        fixedIps = List.copyOf(fixedIps);
        allowedAddressPairs = List.copyOf(allowedAddressPairs);
        extraDhcpOptions = List.copyOf(extraDhcpOptions);
        securityGroups = List.copyOf(securityGroups);
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

    /** This port with another binding result. */
    public Port withBinding(String vifType, ObjectNode vifDetails) {
        return new Port(
                id,
                name,
                networkId,
                projectId,
                macAddress,
                adminStateUp,
                status,
                deviceId,
                deviceOwner,
                fixedIps,
                allowedAddressPairs,
                extraDhcpOptions,
                securityGroups,
                description,
                vnicType,
                bindingProfile,
                bindingHost,
                vifType,
                vifDetails,
                portSecurityEnabled,
                tags,
                createdAt,
                updatedAt,
                revisionNumber);
    }

    /** Whether the port belongs to the network itself (DHCP, router interfaces and gateways). */
    @JsonIgnore
    public boolean isNetworkOwned() {
        return deviceOwner.startsWith("network:");
    }
}
