package org.weft.server.ml2;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.message.L2Messages.TunnelEndpoint;
import org.weft.server.ml2.internal.TunnelTable;
import org.weft.store.Store;

/**
 * The tunnel endpoints of the hosts: each Open vSwitch agent registers its {@code local_ip} per
 * tunnel type, and learns everyone else's. A host that comes back with another address replaces its
 * old endpoint, which the other agents must then forget.
 */
public final class TunnelEndpoints {
    private static final Logger log = LoggerFactory.getLogger(TunnelEndpoints.class);

    private final Store store;

    public TunnelEndpoints(Store store) {
        this.store = store;
    }

    /**
     * What a registration did: every endpoint of the type now (the new one included), and the
     * endpoints of the same host and type it replaced.
     */
    public record Registration(List<TunnelEndpoint> endpoints, List<TunnelEndpoint> replaced) {}

    public Registration register(TunnelEndpoint endpoint) {
        Registration registration =
                store.inTransaction(
                        tx -> {
                            List<TunnelEndpoint> replaced = new ArrayList<>();
                            for (TunnelEndpoint old : TunnelTable.ofHost(tx, endpoint.host())) {
                                if (old.tunnelType().equals(endpoint.tunnelType())
                                        && !old.ipAddress().equals(endpoint.ipAddress())) {
                                    TunnelTable.remove(tx, old);
                                    replaced.add(old);
                                }
                            }
                            TunnelTable.put(tx, endpoint);
                            return new Registration(
                                    TunnelTable.all(tx, endpoint.tunnelType()), replaced);
                        });
        log.info(
                "tunnel endpoint registered: host={} type={} ip={} replaced={}",
                endpoint.host(),
                endpoint.tunnelType(),
                endpoint.ipAddress(),
                registration.replaced().size());
        return registration;
    }

    /** Forgets every endpoint of {@code host} (its agent is gone) and returns them. */
    public List<TunnelEndpoint> removeHost(String host) {
        List<TunnelEndpoint> removed =
                store.inTransaction(
                        tx -> {
                            List<TunnelEndpoint> ofHost = TunnelTable.ofHost(tx, host);
                            ofHost.forEach(endpoint -> TunnelTable.remove(tx, endpoint));
                            return ofHost;
                        });
        if (!removed.isEmpty()) {
            log.info("tunnel endpoints removed: host={} endpoints={}", host, removed.size());
        }
        return removed;
    }

    public List<TunnelEndpoint> endpoints(String type) {
        return store.inTransaction(tx -> TunnelTable.all(tx, type));
    }
}
