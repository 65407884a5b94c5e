package org.weft.server.ml2;

import org.weft.config.Config;
import org.weft.store.Store;

/**
 * The L2 parts of one server, wired together from its configuration: segment allocation, port
 * binding against the live agents, tunnel endpoints and the hosts of each network.
 */
public final class Ml2Plugin {
    private final Ml2Segments segments;
    private final OvsPortBinder binder;
    private final TunnelEndpoints tunnels;
    private final PortHosts portHosts;

    private Ml2Plugin(Ml2Segments segments, OvsPortBinder binder, Store store) {
        this.segments = segments;
        this.binder = binder;
        this.tunnels = new TunnelEndpoints(store);
        this.portHosts = new PortHosts(store);
    }

    /** The plugin of {@code config}; a malformed segment setting stops the start. */
    public static Ml2Plugin of(Config config, Store store, L2Agents agents) {
        return new Ml2Plugin(
                new Ml2Segments(SegmentSettings.from(config)), new OvsPortBinder(agents), store);
    }

    public Ml2Segments segments() {
        return segments;
    }

    public OvsPortBinder binder() {
        return binder;
    }

    public TunnelEndpoints tunnels() {
        return tunnels;
    }

    public PortHosts portHosts() {
        return portHosts;
    }
}
