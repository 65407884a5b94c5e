package org.weft.server.service;

import org.weft.server.policy.Caller;
import org.weft.store.Selection;
import org.weft.store.Transaction;

/** Subnets: visible to their project, to all on a shared network, to administrators. */
final class SubnetKind extends ResourceKind<Subnet> {
    private final ChangeEvents events;

    SubnetKind(ChangeEvents events) {
        super("subnet", "subnets", "Subnet", Tables.SUBNETS);
        this.events = events;
    }

    @Override
    public boolean visibleTo(Caller caller, Subnet subnet) {
        // The shared case needs the network; callers that hold it use visibleTo(caller, s, n).
        return caller.admin() || caller.owns(subnet.projectId());
    }

    boolean visibleTo(Caller caller, Subnet subnet, Network network) {
        return visibleTo(caller, subnet) || network.shared();
    }

    @Override
    public Subnet require(Transaction tx, Caller caller, String id) {
        Subnet subnet = table().find(tx, id).orElseThrow(() -> notFound(id));
        if (visibleTo(caller, subnet)) {
            return subnet;
        }
        boolean onShared =
                Tables.NETWORKS
                        .find(tx, subnet.networkId().value())
                        .map(Network::shared)
                        .orElse(false);
        if (!onShared) {
            throw notFound(id);
        }
        return subnet;
    }

    @Override
    public void restrictTo(Caller caller, Selection selection) {
        if (!caller.admin()) {
            selection.where(
                    "project_id = ? OR network_id IN (SELECT id FROM networks WHERE shared ="
                            + " TRUE)",
                    caller.project().value());
        }
    }

    @Override
    protected void publish(Transaction tx, Change<Subnet> change) {
        events.subnet(tx, change);
    }
}
