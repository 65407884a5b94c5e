package org.weft.server.rpc.l3;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.Bus;
import org.weft.bus.CastMethod;
import org.weft.bus.Topics;
import org.weft.bus.message.L3Messages;
import org.weft.server.service.Change;
import org.weft.server.service.ChangeListener;
import org.weft.server.service.FloatingIp;
import org.weft.server.service.Port;
import org.weft.server.service.Router;
import org.weft.server.service.RouterId;
import org.weft.server.service.StandardResource;

/**
 * Tells every L3 agent about committed router changes, by fanout on {@code l3_agent}: {@code
 * routers_updated} when a router, the addresses of its ports, or one of its floating IPs changed
 * (before and after a move, both routers; not for a status the agents themselves reported), {@code
 * router_deleted} when it went. Sent from a thread of the notifier's own, in commit order, so that
 * a commit never waits for the bus.
 *
 * <p>These go to every L3 agent, not only to the router's: each agent asks {@code sync_routers},
 * which answers only with its own routers, so an agent that does not host the router makes one call
 * for nothing. Neutron casts to the hosting agents instead; with the few L3 agents of a deployment
 * the fanout costs little, and an agent that lost a router learns it the same way. Which agent
 * hosts a router, and the casts when that changes, are the {@code L3Scheduler}'s.
 */
public final class L3Notifier implements ChangeListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(L3Notifier.class);

    private final Bus bus;
    private final ExecutorService sender =
            Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().daemon().name("l3-notifier").factory());

    public L3Notifier(Bus bus) {
        this.bus = bus;
    }

    @Override
    public void resourceChanged(String resource, Change<? extends StandardResource> change) {
        if (resource.equals("router")) {
            Router router = (Router) change.latest();
            if (change.kind() == Change.Kind.DELETED) {
                send(Topics.ROUTER_DELETED, new L3Messages.RouterDeleted(router.id().value()));
            } else {
                updated(List.of(router.id()));
            }
        } else if (resource.equals("floatingip") && !onlyStatusChanged(change)) {
            Set<RouterId> routers = new LinkedHashSet<>();
            change.before()
                    .map(f -> (FloatingIp) f)
                    .flatMap(FloatingIp::routerId)
                    .ifPresent(routers::add);
            change.after()
                    .map(f -> (FloatingIp) f)
                    .flatMap(FloatingIp::routerId)
                    .ifPresent(routers::add);
            updated(List.copyOf(routers));
        }
    }

    /**
     * Whether a floating IP change is only its status: the agents reported it, and telling them
     * again would only make them sync once more.
     */
    private static boolean onlyStatusChanged(Change<? extends StandardResource> change) {
        if (change.kind() != Change.Kind.UPDATED) {
            return false;
        }
        FloatingIp before = (FloatingIp) change.before().orElseThrow();
        FloatingIp after = (FloatingIp) change.after().orElseThrow();
        return before.routerId().equals(after.routerId())
                && before.portId().equals(after.portId())
                && before.fixedIpAddress().equals(after.fixedIpAddress());
    }

    @Override
    public void portChanged(Change<Port> change) {
        // A router port whose addresses change is the router's business; its status is not.
        if (change.kind() != Change.Kind.UPDATED) {
            return;
        }
        Port before = change.before().orElseThrow();
        Port after = change.after().orElseThrow();
        boolean routerPort =
                after.deviceOwner().equals(Router.INTERFACE_OWNER)
                        || after.deviceOwner().equals(Router.GATEWAY_OWNER);
        boolean readdressed =
                !before.fixedIps().equals(after.fixedIps())
                        || !before.macAddress().equals(after.macAddress());
        if (routerPort && readdressed) {
            updated(List.of(RouterId.of(after.deviceId())));
        }
    }

    private void updated(List<RouterId> routers) {
        if (!routers.isEmpty()) {
            send(
                    Topics.ROUTERS_UPDATED,
                    new L3Messages.RoutersUpdated(routers.stream().map(RouterId::value).toList()));
        }
    }

    private <M> void send(CastMethod<M> method, M message) {
        try {
            sender.execute(
                    () -> {
                        try {
                            bus.fanout(method, message);
                        } catch (RuntimeException e) {
                            log.warn(
                                    "cannot tell L3 agents {} {}: {}; they catch up at their next"
                                            + " full sync",
                                    method.name(),
                                    message,
                                    e.toString());
                        }
                    });
        } catch (RejectedExecutionException e) {
            log.debug("notifier closed, {} not sent", method.name());
        }
    }

    @Override
    public void close() {
        sender.shutdown();
    }
}
