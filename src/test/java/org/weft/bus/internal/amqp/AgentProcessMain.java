package org.weft.bus.internal.amqp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.weft.bus.BusException;
import org.weft.bus.ConnectionListener;
import org.weft.bus.Handlers;
import org.weft.bus.Topics;
import org.weft.bus.message.AgentMessages;
import org.weft.bus.message.AgentMessages.AgentState;
import org.weft.bus.message.L2Messages.DeviceRequest;
import org.weft.bus.message.L2Messages.DevicesRequest;

/**
 * A small agent in a process of its own, for {@link BrokerOutageTest}: it sends heartbeats, reports
 * every port it is told about as up, resyncs in full when its link to the broker comes back, and
 * prints one line per event ({@code LOST}, {@code RESTORED}, {@code UP port}). It ends when its
 * standard input closes, so it never outlives the test.
 *
 * <p>Arguments: AMQP port, exchange, host name.
 */
public final class AgentProcessMain {
    private AgentProcessMain() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String host = args[2];
        AmqpBus bus = AmqpBus.start(AmqpTestSettings.of(port, args[1], "agent-" + host));
        Set<String> ports = ConcurrentHashMap.newKeySet();
        bus.addConnectionListener(
                new ConnectionListener() {
                    @Override
                    public void connectionLost(String reason) {
                        say("LOST " + reason);
                    }

                    @Override
                    public void connectionRestored(Duration outage) {
                        say("RESTORED");
                        resync(bus, host, ports);
                    }
                });
        bus.subscribe(
                Handlers.forTopic(Topics.L2_AGENT)
                        .on(
                                Topics.PORT_UPDATE,
                                update -> {
                                    ports.add(update.portId());
                                    bus.call(
                                            Topics.UPDATE_DEVICE_UP,
                                            new DeviceRequest(update.portId(), "ovs-" + host, host),
                                            Duration.ofSeconds(5));
                                    say("UP " + update.portId());
                                })
                        .build(),
                host);
        Thread.ofPlatform().daemon().start(() -> heartbeats(bus, host));
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
        bus.close();
        System.exit(0);
    }

    private static void heartbeats(AmqpBus bus, String host) {
        boolean first = true;
        while (true) {
            AgentState state =
                    new AgentState(
                            AgentMessages.OPEN_VSWITCH_AGENT,
                            "weft-openvswitch-agent",
                            host,
                            "N/A",
                            Map.of("tunnel_types", List.of("gre")),
                            first,
                            null);
            try {
                bus.call(Topics.REPORT_STATE, state, Duration.ofSeconds(2));
                first = false;
            } catch (BusException e) {
                // The next heartbeat tries again; the outage is reported once, by the bus.
            }
            sleep();
        }
    }

    /**
     * Asks for everything again until the server answers, as a real agent's resync does: the
     * server's own link may come back after this one, and a call made before it has no listener.
     */
    private static void resync(AmqpBus bus, String host, Set<String> ports) {
        for (int attempt = 1; attempt <= 12; attempt++) {
            try {
                bus.call(
                        Topics.GET_DEVICES_DETAILS_LIST,
                        new DevicesRequest(List.copyOf(ports), "ovs-" + host, host),
                        Duration.ofSeconds(5));
                say("RESYNCED");
                return;
            } catch (BusException e) {
                say("RESYNC-FAILED " + e.getMessage());
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
