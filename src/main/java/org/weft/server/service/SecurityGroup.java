package org.weft.server.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.weft.server.policy.ProjectId;

/**
 * A security group as the API shows it, with its rules as the group's own answers show them (each
 * with its {@code standard_attr_id} and {@code tags}, in id order); the rules themselves, typed,
 * come from {@link SecurityGroups#rulesOf}.
 */
@JsonPropertyOrder({
    "id",
    "name",
    "stateful",
    "tenant_id",
    "description",
    "shared",
    "security_group_rules",
    "tags",
    "created_at",
    "updated_at",
    "revision_number",
    "project_id"
})
public record SecurityGroup(
        @JsonProperty("id") SecurityGroupId id,
        @JsonProperty("name") String name,
        @JsonProperty("stateful") boolean stateful,
        @JsonProperty("project_id") ProjectId projectId,
        @JsonProperty("description") String description,
        @JsonProperty("shared") boolean shared,
        @JsonProperty("security_group_rules") List<ObjectNode> rules,
        @JsonProperty("tags") List<String> tags,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("revision_number") long revisionNumber)
        implements StandardResource {

    /** The name of each project's default group. */
    public static final String DEFAULT = "default";

    public SecurityGroup {
        rules = List.copyOf(rules);
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
