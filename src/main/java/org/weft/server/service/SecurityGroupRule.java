package org.weft.server.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.weft.server.policy.ProjectId;
import org.weft.store.Documents;

/**
 * One rule of a security group as {@code /v2.0/security-group-rules} shows it. {@code protocol} is
 * a lower-case name or a number as text; ports are ICMP type and code for ICMP protocols.
 */
@JsonPropertyOrder({
    "id",
    "tenant_id",
    "security_group_id",
    "ethertype",
    "direction",
    "protocol",
    "port_range_min",
    "port_range_max",
    "remote_ip_prefix",
    "remote_address_group_id",
    "normalized_cidr",
    "remote_group_id",
    "description",
    "created_at",
    "updated_at",
    "revision_number",
    "project_id"
})
public record SecurityGroupRule(
        @JsonProperty("id") SecurityGroupRuleId id,
        @JsonProperty("project_id") ProjectId projectId,
        @JsonProperty("security_group_id") SecurityGroupId securityGroupId,
        @JsonProperty("ethertype") String ethertype,
        @JsonProperty("direction") String direction,
        @JsonProperty("protocol") Optional<String> protocol,
        @JsonProperty("port_range_min") Optional<Integer> portRangeMin,
        @JsonProperty("port_range_max") Optional<Integer> portRangeMax,
        @JsonProperty("remote_ip_prefix") Optional<String> remoteIpPrefix,
        @JsonProperty("remote_address_group_id") Optional<String> remoteAddressGroupId,
        @JsonProperty("normalized_cidr") Optional<String> normalizedCidr,
        @JsonProperty("remote_group_id") Optional<SecurityGroupId> remoteGroupId,
        @JsonProperty("description") Optional<String> description,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("revision_number") long revisionNumber)
        implements StandardResource {

    public static final String INGRESS = "ingress";
    public static final String EGRESS = "egress";

    @JsonProperty("tenant_id")
    public ProjectId tenantId() {
        return projectId;
    }

    @Override
    public String resourceId() {
        return id.value();
    }

    /** Rules carry no tags of their own (the reference tags groups, not rules). */
    @JsonIgnore
    @Override
    public List<String> tags() {
        return List.of();
    }

    /**
     * The rule as its group shows it: with its {@code standard_attr_id} after {@code
     * remote_group_id} and empty {@code tags} after {@code description}.
     */
    public ObjectNode inGroup(long standardAttrId) {
        ObjectNode own = Documents.tree(this);
        ObjectNode shown = Documents.MAPPER.createObjectNode();
        own.properties()
                .forEach(
                        field -> {
                            shown.set(field.getKey(), field.getValue());
                            if (field.getKey().equals("remote_group_id")) {
                                shown.put("standard_attr_id", standardAttrId);
                            } else if (field.getKey().equals("description")) {
                                shown.putArray("tags");
                            }
                        });
        return shown;
    }
}
