package org.weft.agent.l2.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.weft.bus.message.L2Messages.NetworkHosts;
import org.weft.bus.message.L2Messages.TunnelEndpoint;

/**
 * What happened since the agent's loop last looked: the switch changed, the server told of changed
 * ports, networks, tunnels or network hosts, a bridge lost its flows, or everything must be
 * resynchronised. Producers (the OVSDB and OpenFlow sessions, the bus) only note things here; the
 * loop takes them all at once, so that a burst of events becomes one batch of work.
 */
final class Pending {
    /** One batch of work, taken at once. */
    record Work(
            String fullResync,
            boolean switchChanged,
            Set<String> ports,
            Set<String> networks,
            Map<String, NetworkHosts> hosts,
            List<TunnelEndpoint> tunnelsAdded,
            List<TunnelEndpoint> tunnelsRemoved,
            Set<String> bridges) {

        boolean isFullResync() {
            return fullResync != null;
        }
    }

    private String fullResync;
    private boolean switchChanged;
    private Set<String> ports = new LinkedHashSet<>();
    private Set<String> networks = new LinkedHashSet<>();
    private Map<String, NetworkHosts> hosts = new LinkedHashMap<>();
    private List<TunnelEndpoint> tunnelsAdded = new ArrayList<>();
    private List<TunnelEndpoint> tunnelsRemoved = new ArrayList<>();
    private Set<String> bridges = new LinkedHashSet<>();
    private boolean closed;

    synchronized void fullResync(String reason) {
        if (fullResync == null) {
            fullResync = reason;
        }
        notifyAll();
    }

    synchronized void switchChanged() {
        switchChanged = true;
        notifyAll();
    }

    synchronized void port(String portId) {
        ports.add(portId);
        notifyAll();
    }

    synchronized void network(String networkId) {
        networks.add(networkId);
        notifyAll();
    }

    synchronized void hosts(NetworkHosts update) {
        hosts.put(update.networkId(), update);
        notifyAll();
    }

    synchronized void tunnelAdded(TunnelEndpoint endpoint) {
        tunnelsAdded.add(endpoint);
        notifyAll();
    }

    synchronized void tunnelRemoved(TunnelEndpoint endpoint) {
        tunnelsRemoved.add(endpoint);
        notifyAll();
    }

    synchronized void bridge(String bridge) {
        bridges.add(bridge);
        notifyAll();
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Waits until something happened (or the agent closes, then empty work), and takes it. */
    synchronized Work take() throws InterruptedException {
        while (!closed && isEmpty()) {
            wait();
        }
        Work work =
                new Work(
                        fullResync,
                        switchChanged,
                        ports,
                        networks,
                        hosts,
                        tunnelsAdded,
                        tunnelsRemoved,
                        bridges);
        fullResync = null;
        switchChanged = false;
        ports = new LinkedHashSet<>();
        networks = new LinkedHashSet<>();
        hosts = new LinkedHashMap<>();
        tunnelsAdded = new ArrayList<>();
        tunnelsRemoved = new ArrayList<>();
        bridges = new LinkedHashSet<>();
        return work;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    private boolean isEmpty() {
        return fullResync == null
                && !switchChanged
                && ports.isEmpty()
                && networks.isEmpty()
                && hosts.isEmpty()
                && tunnelsAdded.isEmpty()
                && tunnelsRemoved.isEmpty()
                && bridges.isEmpty();
    }
}
