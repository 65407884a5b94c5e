package org.weft.server.ml2.internal;

import java.util.List;
import org.weft.store.Transaction;

/**
 * Where ports are wired: the host whose agent last reported each port up, in {@code
 * ml2_port_hosts}, and the ports' {@code binding:host_id} in {@code ports}.
 */
public final class PortHostTable {
    private PortHostTable() {}

    /** Records that {@code host}'s agent wired {@code port}; false if there is no such port. */
    public static boolean wired(Transaction tx, String port, String network, String host) {
        int updated =
                tx.update(
                        "UPDATE ml2_port_hosts SET host = ?, network_id = ? WHERE port_id = ?",
                        host,
                        network,
                        port);
        if (updated > 0) {
            return true;
        }
        return tx.insertUnlessDuplicate(
                "INSERT INTO ml2_port_hosts (port_id, network_id, host) VALUES (?, ?, ?)",
                port,
                network,
                host);
    }

    public static void unwired(Transaction tx, String port) {
        tx.update("DELETE FROM ml2_port_hosts WHERE port_id = ?", port);
    }

    /**
     * The hosts {@code network} reaches: those its ports are bound to, and those whose agents
     * reported one of its ports wired (DHCP and router ports may have no binding host).
     */
    public static List<String> hosts(Transaction tx, String network) {
        return tx.query(
                "SELECT binding_host FROM ports WHERE network_id = ? AND binding_host <> ''"
                        + " UNION SELECT host FROM ml2_port_hosts WHERE network_id = ?"
                        + " ORDER BY 1",
                row -> row.getString(1),
                network,
                network);
    }
}
