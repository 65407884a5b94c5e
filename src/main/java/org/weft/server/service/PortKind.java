package org.weft.server.service;

import org.weft.server.policy.Caller;
import org.weft.store.Selection;
import org.weft.store.Transaction;

/** Ports: visible to their project, to the owner of their network, to administrators. */
final class PortKind extends ResourceKind<Port> {
    private final ChangeEvents events;

    PortKind(ChangeEvents events) {
        super("port", "ports", "Port", Tables.PORTS);
        this.events = events;
    }

    @Override
    public boolean visibleTo(Caller caller, Port port) {
        return caller.admin() || caller.owns(port.projectId());
    }

    @Override
    public Port require(Transaction tx, Caller caller, String id) {
        Port port = table().find(tx, id).orElseThrow(() -> notFound(id));
        if (visibleTo(caller, port) || ownsNetwork(tx, caller, port)) {
            return port;
        }
        throw notFound(id);
    }

    static boolean ownsNetwork(Transaction tx, Caller caller, Port port) {
        return Tables.NETWORKS
                .find(tx, port.networkId().value())
                .map(network -> caller.owns(network.projectId()))
                .orElse(false);
    }

    @Override
    public void restrictTo(Caller caller, Selection selection) {
        if (!caller.admin()) {
            selection.where(
                    "project_id = ? OR network_id IN (SELECT id FROM networks WHERE project_id ="
                            + " ?)",
                    caller.project().value(),
                    caller.project().value());
        }
    }

    @Override
    protected void publish(Transaction tx, Change<Port> change) {
        events.port(tx, change);
    }
}
