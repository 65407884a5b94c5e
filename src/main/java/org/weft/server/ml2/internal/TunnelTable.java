package org.weft.server.ml2.internal;

import java.util.List;
import org.weft.bus.message.L2Messages.TunnelEndpoint;
import org.weft.store.Constraints;
import org.weft.store.Transaction;

/** The tunnel endpoints agents registered, one row per tunnel type and address. */
public final class TunnelTable {
    public static final String ADDRESS = "ml2_tunnel_endpoints_address";

    static {
        Constraints.register(ADDRESS);
    }

    private TunnelTable() {}

    /** Every endpoint of {@code type}, by address. */
    public static List<TunnelEndpoint> all(Transaction tx, String type) {
        return tx.query(
                "SELECT ip_address, tunnel_type, host FROM ml2_tunnel_endpoints"
                        + " WHERE tunnel_type = ? ORDER BY ip_address",
                row -> new TunnelEndpoint(row.getString(1), row.getString(2), row.getString(3)),
                type);
    }

    /** The endpoints of {@code host}, of every type. */
    public static List<TunnelEndpoint> ofHost(Transaction tx, String host) {
        return tx.query(
                "SELECT ip_address, tunnel_type, host FROM ml2_tunnel_endpoints WHERE host = ?"
                        + " ORDER BY tunnel_type, ip_address",
                row -> new TunnelEndpoint(row.getString(1), row.getString(2), row.getString(3)),
                host);
    }

    /** Records {@code endpoint}, taking its address over from any host that held it. */
    public static void put(Transaction tx, TunnelEndpoint endpoint) {
        int updated =
                tx.update(
                        "UPDATE ml2_tunnel_endpoints SET host = ? WHERE tunnel_type = ? AND"
                                + " ip_address = ?",
                        endpoint.host(),
                        endpoint.tunnelType(),
                        endpoint.ipAddress());
        if (updated == 0
                && !tx.insertUnlessTaken(
                        ADDRESS,
                        "INSERT INTO ml2_tunnel_endpoints (tunnel_type, ip_address, host)"
                                + " VALUES (?, ?, ?)",
                        endpoint.tunnelType(),
                        endpoint.ipAddress(),
                        endpoint.host())) {
            // Another server registered the same address meanwhile; it holds the same facts.
            put(tx, endpoint);
        }
    }

    public static void remove(Transaction tx, TunnelEndpoint endpoint) {
        tx.update(
                "DELETE FROM ml2_tunnel_endpoints WHERE tunnel_type = ? AND ip_address = ?",
                endpoint.tunnelType(),
                endpoint.ipAddress());
    }
}
