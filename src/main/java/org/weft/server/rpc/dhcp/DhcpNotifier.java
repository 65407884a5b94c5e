package org.weft.server.rpc.dhcp;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.Bus;
import org.weft.bus.CastMethod;
import org.weft.bus.Topics;
import org.weft.bus.message.DhcpMessages;
import org.weft.server.service.Change;
import org.weft.server.service.ChangeListener;
import org.weft.server.service.Network;
import org.weft.server.service.Port;
import org.weft.server.service.Subnet;

/**
 * Tells every DHCP agent about committed network, subnet and port changes ({@code
 * network_create_end}, {@code subnet_update_end}, {@code port_delete_end}, …), by fanout on the
 * {@code dhcp_agent} topic. Changes are sent from a thread of the notifier's own, in commit order,
 * so that a commit never waits for the bus.
 *
 * <p>Events go to every DHCP agent, not only to the network's: an agent that does not host the
 * network asks for it and is told it is not found, one call for nothing per event and agent, where
 * Neutron casts to the hosting agents only. Which agents host a network, and the casts when that
 * changes, are the {@code DhcpScheduler}'s.
 */
public final class DhcpNotifier implements ChangeListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DhcpNotifier.class);

    private final Bus bus;
    private final ExecutorService sender =
            Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().daemon().name("dhcp-notifier").factory());

    public DhcpNotifier(Bus bus) {
        this.bus = bus;
    }

    @Override
    public void networkChanged(Change<Network> change) {
        var event = new DhcpMessages.NetworkEvent(change.latest().id().value());
        send(
                switch (change.kind()) {
                    case CREATED -> Topics.NETWORK_CREATE_END;
                    case UPDATED -> Topics.NETWORK_UPDATE_END;
                    case DELETED -> Topics.NETWORK_DELETE_END;
                },
                event);
    }

    @Override
    public void subnetChanged(Change<Subnet> change) {
        Subnet subnet = change.latest();
        var event = new DhcpMessages.SubnetEvent(subnet.networkId().value(), subnet.id().value());
        send(
                switch (change.kind()) {
                    case CREATED -> Topics.SUBNET_CREATE_END;
                    case UPDATED -> Topics.SUBNET_UPDATE_END;
                    case DELETED -> Topics.SUBNET_DELETE_END;
                },
                event);
    }

    @Override
    public void portChanged(Change<Port> change) {
        Port port = change.latest();
        var event = new DhcpMessages.PortEvent(port.networkId().value(), port.id().value());
        send(
                switch (change.kind()) {
                    case CREATED -> Topics.PORT_CREATE_END;
                    case UPDATED -> Topics.PORT_UPDATE_END;
                    case DELETED -> Topics.PORT_DELETE_END;
                },
                event);
    }

    private <M> void send(CastMethod<M> method, M event) {
        try {
            sender.execute(
                    () -> {
                        try {
                            bus.fanout(method, event);
                        } catch (RuntimeException e) {
                            log.warn(
                                    "cannot tell DHCP agents {} {}: {}; they catch up at their"
                                            + " next full sync",
                                    method.name(),
                                    event,
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
