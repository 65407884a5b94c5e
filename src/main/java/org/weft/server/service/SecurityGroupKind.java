package org.weft.server.service;

import java.util.List;
import org.weft.server.NotFoundException;
import org.weft.server.policy.Caller;
import org.weft.store.Column;
import org.weft.store.DocumentTable;
import org.weft.store.Selection;
import org.weft.store.Transaction;

/** Security groups: visible to their project and to administrators. */
final class SecurityGroupKind extends ResourceKind<SecurityGroup> {
    static final DocumentTable<SecurityGroup> TABLE =
            new DocumentTable<>(
                    "security_groups",
                    SecurityGroup.class,
                    List.of(
                            Column.of("id", g -> g.id().value()),
                            Column.of("project_id", g -> g.projectId().value()),
                            Column.of("name", SecurityGroup::name),
                            Column.of("description", SecurityGroup::description),
                            Column.of("stateful", SecurityGroup::stateful),
                            Column.of("shared", SecurityGroup::shared),
                            Column.of("created_at", g -> g.createdAt().toString()),
                            Column.of("updated_at", g -> g.updatedAt().toString()),
                            Column.of("revision_number", SecurityGroup::revisionNumber)));

    private final ChangeEvents events;

    SecurityGroupKind(ChangeEvents events) {
        super("security_group", "security-groups", "SecurityGroup", TABLE);
        this.events = events;
    }

    @Override
    public boolean visibleTo(Caller caller, SecurityGroup group) {
        return caller.admin() || caller.owns(group.projectId());
    }

    @Override
    public void restrictTo(Caller caller, Selection selection) {
        if (!caller.admin()) {
            selection.where("project_id = ?", caller.project().value());
        }
    }

    /** Neutron's words for a group that is not there: "does not exist". */
    @Override
    public NotFoundException notFound(String id) {
        return new NotFoundException(
                "SecurityGroupNotFound", "Security group " + id + " does not exist");
    }

    @Override
    protected void publish(Transaction tx, Change<SecurityGroup> change) {
        events.publish(tx, name(), change);
    }
}
