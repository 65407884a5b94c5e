package org.weft.server.rpc.l3;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
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
 * routers_updated} when a router, its interfaces or gateway, or one of its floating IPs changed
 * (before and after a move, both routers), {@code router_deleted} when it went. Sent from a thread
 * of the notifier's own, in commit order, so that a commit never waits for the bus.
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
        } else if (resource.equals("floatingip")) {
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

    @Override
    public void portChanged(Change<Port> change) {
        // A router port that changes (its status, say) is the router's business.
        Optional<Port> owned =
                change.after()
                        .or(change::before)
                        .filter(
                                port ->
                                        port.deviceOwner().equals(Router.INTERFACE_OWNER)
                                                || port.deviceOwner().equals(Router.GATEWAY_OWNER));
        if (owned.isPresent() && change.kind() == Change.Kind.UPDATED) {
            updated(List.of(RouterId.of(owned.get().deviceId())));
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
