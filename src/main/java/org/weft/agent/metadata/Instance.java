package org.weft.agent.metadata;

import java.util.Objects;

/**
 * A VM as the metadata service knows it: the port's {@code device_id} and the port's project.
 *
 * @param instanceId Nova's instance id (the port's {@code device_id})
 * @param projectId the project the instance belongs to
 */
public record Instance(String instanceId, String projectId) {
    public Instance {
        Objects.requireNonNull(instanceId);
        Objects.requireNonNull(projectId);
    }
}
