package org.weft.server.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;
import org.weft.server.Errors;
import org.weft.server.PreconditionFailedException;
import org.weft.server.policy.Caller;
import org.weft.server.policy.ProjectId;
import org.weft.store.Store;

/** What the services share: the store, the change events, quotas, the clock and the settings. */
final class ServiceContext {
    final Store store;
    final ChangeEvents events;
    final Quotas quotas;
    final ServiceSettings settings;
    final Clock clock;
    final NetworkKind networkKind;
    final SubnetKind subnetKind;
    final PortKind portKind;

    ServiceContext(Store store, ChangeEvents events, ServiceSettings settings, Clock clock) {
        this.store = store;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.quotas = new Quotas(store, settings.quotaDefaults());
        this.networkKind = new NetworkKind(events);
        this.subnetKind = new SubnetKind(events);
        this.portKind = new PortKind(events);
    }

    /** Now, to the second, as Neutron's timestamps are. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * The project a new resource belongs to: the caller's, or the one named in the request by an
     * administrator, as Neutron decides it.
     */
    static ProjectId owner(Caller caller, Attributes request) {
        String projectId = request.string("project_id").orElse(null);
        String tenantId = request.string("tenant_id").orElse(null);
        if (projectId != null && tenantId != null && !projectId.equals(tenantId)) {
            throw Errors.badRequest("'project_id' and 'tenant_id' do not match");
        }
        String named = projectId != null ? projectId : tenantId;
        if (named == null || named.isEmpty()) {
            return caller.project();
        }
        if (!caller.admin() && !caller.project().value().equals(named)) {
            throw Errors.badRequest(
                    "Specifying 'project_id' or 'tenant_id' other than the authenticated project"
                            + " in request requires admin or advsvc privileges");
        }
        return new ProjectId(named);
    }

    /** Refuses a change whose {@code If-Match} revision is not the resource's current one. */
    static void checkRevision(StandardResource current, OptionalLong expected) {
        if (expected.isPresent() && expected.getAsLong() != current.revisionNumber()) {
            throw new PreconditionFailedException(
                    "RevisionNumberConstraintFailed",
                    "Constrained to "
                            + expected.getAsLong()
                            + ", but current revision is "
                            + current.revisionNumber());
        }
    }

    /** Refuses a change by a caller who may see but not change the resource. */
    static void requireOwner(Caller caller, StandardResource resource, String action) {
        if (!caller.admin() && !caller.owns(resource.projectId())) {
            throw Errors.policy("rule:" + action);
        }
    }

    /** Refuses, for non-administrators, any of {@code attributes} present in the request. */
    static void requireAdminFor(
            Caller caller, Attributes request, String action, String... attributes) {
        if (caller.admin()) {
            return;
        }
        for (String attribute : attributes) {
            if (request.has(attribute)) {
                throw Errors.policy("rule:" + action + ":" + attribute);
            }
        }
    }
}
