package org.weft.server.service;

import java.time.Instant;
import java.util.List;
import org.weft.server.policy.ProjectId;

/** What every resource has: Neutron's standard attributes. */
public interface StandardResource {
    /** The id as text, the same as the record's typed id. */
    String resourceId();

    ProjectId projectId();

    List<String> tags();

    Instant createdAt();

    Instant updatedAt();

    long revisionNumber();
}
