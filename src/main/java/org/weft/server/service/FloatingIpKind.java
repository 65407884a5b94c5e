package org.weft.server.service;

import java.util.List;
import org.weft.server.policy.Caller;
import org.weft.store.Column;
import org.weft.store.DocumentTable;
import org.weft.store.Selection;
import org.weft.store.Transaction;

/** Floating IPs: visible to their project and to administrators. */
final class FloatingIpKind extends ResourceKind<FloatingIp> {
    static final DocumentTable<FloatingIp> TABLE =
            new DocumentTable<>(
                    "floatingips",
                    FloatingIp.class,
                    List.of(
                            Column.of("id", f -> f.id().value()),
                            Column.of("project_id", f -> f.projectId().value()),
                            Column.of("floating_network_id", f -> f.floatingNetworkId().value()),
                            Column.of("floating_ip_address", f -> f.floatingIpAddress().toString()),
                            Column.of("port_id", f -> f.portId().map(PortId::value).orElse(null)),
                            Column.of(
                                    "fixed_ip_address",
                                    f -> f.fixedIpAddress().map(Object::toString).orElse(null)),
                            Column.of(
                                    "router_id",
                                    f -> f.routerId().map(RouterId::value).orElse(null)),
                            Column.of("status", FloatingIp::status),
                            Column.of("description", FloatingIp::description),
                            Column.of("created_at", f -> f.createdAt().toString()),
                            Column.of("updated_at", f -> f.updatedAt().toString()),
                            Column.of("revision_number", FloatingIp::revisionNumber)));

    private final ChangeEvents events;

    FloatingIpKind(ChangeEvents events) {
        super("floatingip", "floatingips", "FloatingIP", TABLE);
        this.events = events;
    }

    @Override
    public boolean visibleTo(Caller caller, FloatingIp floatingIp) {
        return caller.admin() || caller.owns(floatingIp.projectId());
    }

    @Override
    public void restrictTo(Caller caller, Selection selection) {
        if (!caller.admin()) {
            selection.where("project_id = ?", caller.project().value());
        }
    }

    @Override
    public org.weft.server.NotFoundException notFound(String id) {
        return new org.weft.server.NotFoundException(
                "FloatingIPNotFound", "Floating IP " + id + " could not be found.");
    }

    @Override
    protected void publish(Transaction tx, Change<FloatingIp> change) {
        events.publish(tx, name(), change);
    }
}
