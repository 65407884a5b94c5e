package org.weft.server.ml2;

import java.util.List;
import org.weft.server.ml2.internal.PortHostTable;
import org.weft.store.Store;

/**
 * Which hosts each network reaches: the hosts its ports are bound to, and the hosts whose agents
 * wired one of its ports. Agents flood a network's traffic only to these hosts.
 */
public final class PortHosts {
    private final Store store;

    public PortHosts(Store store) {
        this.store = store;
    }

    /** Records that {@code host}'s agent wired {@code port} of {@code network}. */
    public void wired(String port, String network, String host) {
        store.inTransaction(tx -> PortHostTable.wired(tx, port, network, host));
    }

    /**
     * Records, in one transaction, that {@code host}'s agent wired {@code ports} (id to network).
     */
    public void wiredAll(java.util.Map<String, String> ports, String host) {
        if (ports.isEmpty()) {
            return;
        }
        store.inTransaction(
                tx -> {
                    ports.forEach((port, network) -> PortHostTable.wired(tx, port, network, host));
                    return null;
                });
    }

    /** Forgets, in one transaction, where {@code ports} were wired. */
    public void unwiredAll(java.util.Collection<String> ports) {
        if (ports.isEmpty()) {
            return;
        }
        store.inTransaction(
                tx -> {
                    ports.forEach(port -> PortHostTable.unwired(tx, port));
                    return null;
                });
    }

    /** Forgets where {@code port} was wired (its agent reported it down). */
    public void unwired(String port) {
        store.inTransaction(
                tx -> {
                    PortHostTable.unwired(tx, port);
                    return null;
                });
    }

    /** The hosts {@code network} reaches, sorted. */
    public List<String> hostsOf(String network) {
        return store.inTransaction(tx -> PortHostTable.hosts(tx, network));
    }
}
