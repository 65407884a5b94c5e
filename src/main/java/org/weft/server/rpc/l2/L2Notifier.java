package org.weft.server.rpc.l2;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.Bus;
import org.weft.bus.CastMethod;
import org.weft.bus.Topics;
import org.weft.bus.message.L2Messages.NetworkDelete;
import org.weft.bus.message.L2Messages.NetworkHosts;
import org.weft.bus.message.L2Messages.NetworkUpdate;
import org.weft.bus.message.L2Messages.PortDelete;
import org.weft.bus.message.L2Messages.PortUpdate;
import org.weft.bus.message.L2Messages.TunnelEndpoint;
import org.weft.server.ml2.PortHosts;
import org.weft.server.service.Change;
import org.weft.server.service.ChangeListener;
import org.weft.server.service.Network;
import org.weft.server.service.Port;

/**
 * Tells the Open vSwitch agents what changed, once it is committed: port and network updates and
 * deletions, tunnel endpoints that came or went, and the hosts each network reaches. Everything is
 * sent from one thread of its own, in the order it happened; changes of the hosts of a network
 * within a few milliseconds are sent as one message.
 *
 * <p>A port update is sent only when something an agent wires changed (addresses, MAC, security,
 * state, host), not for the status and binding the agents' own reports cause.
 */
public final class L2Notifier implements ChangeListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(L2Notifier.class);
    private static final long COALESCE_MILLIS = 20;

    private final Bus bus;
    private final PortHosts hosts;
    private final Set<String> hostsChanged = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sender =
            Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("l2-notifier").factory());

    public L2Notifier(Bus bus, PortHosts hosts) {
        this.bus = bus;
        this.hosts = hosts;
    }

    @Override
    public void networkChanged(Change<Network> change) {
        Network network = change.latest();
        switch (change.kind()) {
            case DELETED -> send(Topics.NETWORK_DELETE, new NetworkDelete(network.id().value()));
            case UPDATED -> {
                Network before = change.before().orElseThrow();
                if (before.adminStateUp() != network.adminStateUp()
                        || before.mtu() != network.mtu()) {
                    send(
                            Topics.NETWORK_UPDATE,
                            new NetworkUpdate(network.id().value(), network.revisionNumber()));
                }
            }
            case CREATED -> {}
        }
    }

    @Override
    public void portChanged(Change<Port> change) {
        Port port = change.latest();
        String network = port.networkId().value();
        switch (change.kind()) {
            case CREATED -> {
                if (!port.bindingHost().isEmpty()) {
                    hostsChanged(network);
                }
            }
            case UPDATED -> {
                Port before = change.before().orElseThrow();
                if (wiringChanged(before, port)) {
                    send(
                            Topics.PORT_UPDATE,
                            new PortUpdate(port.id().value(), network, port.revisionNumber()));
                }
                if (!before.bindingHost().equals(port.bindingHost())) {
                    hostsChanged(network);
                }
            }
            case DELETED -> {
                send(Topics.PORT_DELETE, new PortDelete(port.id().value(), network));
                hostsChanged(network);
            }
        }
    }

    /** A host registered {@code endpoint}: the other agents add a tunnel to it. */
    public void tunnelAdded(TunnelEndpoint endpoint) {
        send(Topics.TUNNEL_UPDATE, endpoint);
    }

    /** {@code endpoint} is gone (its host moved to another address): its tunnels go too. */
    public void tunnelRemoved(TunnelEndpoint endpoint) {
        send(Topics.TUNNEL_DELETE, endpoint);
    }

    /**
     * The hosts {@code network} reaches may have changed; the current set is sent to every agent
     * shortly, once for all the changes of that moment.
     */
    public void hostsChanged(String network) {
        if (hostsChanged.add(network)) {
            try {
                sender.schedule(() -> sendHosts(network), COALESCE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                log.debug("notifier closed, hosts of network={} not sent", network);
            }
        }
    }

    private void sendHosts(String network) {
        hostsChanged.remove(network);
        try {
            bus.fanout(
                    Topics.NETWORK_HOSTS_UPDATE, new NetworkHosts(network, hosts.hostsOf(network)));
        } catch (RuntimeException e) {
            log.warn("hosts of network not sent: network={}", network, e);
        }
    }

    private <M> void send(CastMethod<M> method, M message) {
        try {
            sender.execute(() -> fanout(method, message));
        } catch (RejectedExecutionException e) {
            log.debug("notifier closed, {} not sent", method);
        }
    }

    private <M> void fanout(CastMethod<M> method, M message) {
        try {
            bus.fanout(method, message);
            log.debug("sent {} {}", method, message);
        } catch (RuntimeException e) {
            log.warn("notification not sent: method={} message={}", method, message, e);
        }
    }

    private static boolean wiringChanged(Port before, Port after) {
        return before.adminStateUp() != after.adminStateUp()
                || before.portSecurityEnabled() != after.portSecurityEnabled()
                || !before.macAddress().equals(after.macAddress())
                || !before.fixedIps().equals(after.fixedIps())
                || !before.allowedAddressPairs().equals(after.allowedAddressPairs())
                || !before.securityGroups().equals(after.securityGroups())
                || !before.bindingHost().equals(after.bindingHost())
                || !Objects.equals(before.deviceOwner(), after.deviceOwner());
    }

    @Override
    public void close() {
        sender.shutdown();
    }
}
