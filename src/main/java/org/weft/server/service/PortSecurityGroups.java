package org.weft.server.service;

import java.util.List;
import java.util.Optional;
import org.weft.server.policy.Caller;
import org.weft.server.policy.ProjectId;
import org.weft.store.Transaction;

/**
 * Decides a port's security groups: the ones asked for (checked to exist and to be usable by the
 * port's project) or, when none were asked, the project's default group ({@link SecurityGroups}
 * decides it); the associations themselves are stored by {@link Ports} in {@code
 * port_security_groups}.
 */
public interface PortSecurityGroups {
    /**
     * The groups of a new port of {@code owner}.
     *
     * @param requested the {@code security_groups} of the request, empty when not given
     */
    List<SecurityGroupId> forNewPort(
            Transaction tx,
            Caller caller,
            ProjectId owner,
            Optional<List<SecurityGroupId>> requested);

    /**
     * The groups of a new port of {@code owner} without port security: none, though the project's
     * first port still makes its default group, as any first use does.
     */
    List<SecurityGroupId> forNewPortWithoutSecurity(Transaction tx, ProjectId owner);

    /** The groups of a port whose {@code security_groups} is changed to {@code requested}. */
    List<SecurityGroupId> forUpdate(
            Transaction tx, Caller caller, ProjectId owner, List<SecurityGroupId> requested);
}
