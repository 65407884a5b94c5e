package org.weft.server.service;

import org.weft.server.policy.Caller;
import org.weft.store.Selection;
import org.weft.store.Transaction;

/** Networks: visible to their project, to all when shared or external, to administrators. */
final class NetworkKind extends ResourceKind<Network> {
    private final ChangeEvents events;

    NetworkKind(ChangeEvents events) {
        super("network", "networks", "Network", Tables.NETWORKS);
        this.events = events;
    }

    @Override
    public boolean visibleTo(Caller caller, Network network) {
        return caller.admin()
                || caller.owns(network.projectId())
                || network.shared()
                || network.routerExternal();
    }

    @Override
    public void restrictTo(Caller caller, Selection selection) {
        if (!caller.admin()) {
            selection.where(
                    "project_id = ? OR shared = TRUE OR router_external = TRUE",
                    caller.project().value());
        }
    }

    @Override
    protected void publish(Transaction tx, Change<Network> change) {
        events.network(tx, change);
    }
}
