package org.weft.server.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.weft.server.policy.Caller;
import org.weft.store.Column;
import org.weft.store.DocumentTable;
import org.weft.store.Documents;
import org.weft.store.Selection;
import org.weft.store.Transaction;

/** Routers: visible to their project and to administrators. */
final class RouterKind extends ResourceKind<Router> {
    static final DocumentTable<Router> TABLE =
            new DocumentTable<>(
                    "routers",
                    Router.class,
                    List.of(
                            Column.of("id", r -> r.id().value()),
                            Column.of("project_id", r -> r.projectId().value()),
                            Column.of("name", Router::name),
                            Column.of("description", Router::description),
                            Column.of("admin_state_up", Router::adminStateUp),
                            Column.of("status", Router::status),
                            Column.of(
                                    "gateway_network_id",
                                    r -> r.gateway().map(g -> g.networkId().value()).orElse(null)),
                            Column.of("created_at", r -> r.createdAt().toString()),
                            Column.of("updated_at", r -> r.updatedAt().toString()),
                            Column.of("revision_number", Router::revisionNumber)));

    private final ChangeEvents events;

    RouterKind(ChangeEvents events) {
        super("router", "routers", "Router", TABLE);
        this.events = events;
    }

    @Override
    public boolean visibleTo(Caller caller, Router router) {
        return caller.admin() || caller.owns(router.projectId());
    }

    @Override
    public void restrictTo(Caller caller, Selection selection) {
        if (!caller.admin()) {
            selection.where("project_id = ?", caller.project().value());
        }
    }

    /**
     * Stores {@code changed} with the revision raised by {@code steps}: the reference counts one
     * revision per database change of a router, and some requests (a gateway set or cleared) make
     * several.
     */
    Router replace(Transaction tx, Router current, Router changed, Instant now, int steps) {
        ObjectNode document = Documents.tree(changed);
        document.put("revision_number", current.revisionNumber() + steps);
        document.set("updated_at", Documents.MAPPER.valueToTree(now));
        Router stored = Documents.fromTree(document, Router.class);
        TABLE.replace(tx, stored, current.resourceId(), current.revisionNumber());
        publish(tx, Change.updated(current, stored));
        return stored;
    }

    @Override
    protected void publish(Transaction tx, Change<Router> change) {
        events.publish(tx, name(), change);
    }
}
