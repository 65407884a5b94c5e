package org.weft.bus.internal.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.bus.ConnectionListener;
import org.weft.bus.Handlers;
import org.weft.bus.Topics;
import org.weft.bus.message.AgentMessages.AgentState;
import org.weft.bus.message.AgentMessages.AgentStatus;
import org.weft.bus.message.AgentMessages.ReportStateReply;
import org.weft.bus.message.L2Messages.DeviceDetails;
import org.weft.bus.message.L2Messages.DeviceDetailsList;
import org.weft.bus.message.L2Messages.DeviceRequest;
import org.weft.bus.message.L2Messages.DeviceStatusReply;
import org.weft.bus.message.L2Messages.PortUpdate;
import org.weft.bus.rabbit.RabbitMqServer;
import org.weft.bus.rabbit.TestBrokers;

/**
 * A server (this JVM) and an agent (a process of its own) on a real broker that is stopped for a
 * while and started again: afterwards heartbeats, calls and fanouts work again without restarting
 * either, the agent resyncs, and each side reports the outage once.
 */
@Tag("broker")
class BrokerOutageTest {
    private static final String EXCHANGE = "wbus-outage";
    private static final int SLOT = TestBrokers.RECONNECT_TEST;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final BlockingQueue<String> heartbeats = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> devicesUp = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> resyncs = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> agentSays = new LinkedBlockingQueue<>();
    private final List<String> serverEvents = new CopyOnWriteArrayList<>();
    private RabbitMqServer broker;
    private AmqpBus server;
    private AmqpBus late;
    private Process agent;

    @AfterEach
    void stopEverything() {
        if (agent != null) {
            agent.destroy();
        }
        for (AmqpBus bus : new AmqpBus[] {server, late}) {
            if (bus != null) {
                bus.close();
            }
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void brokerRestartCostsOnlyTime() throws Exception {
        broker = TestBrokers.start("outage", SLOT);
        server = startServer();
        agent = startAgent("compute1");
        awaitHeartbeat(Instant.EPOCH);
        server.fanout(Topics.PORT_UPDATE, new PortUpdate("port-1", "net-1", 1));
        assertThat(devicesUp.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("port-1");

        broker.stop();
        assertThat(agentLine("LOST")).isNotNull();
        late = AmqpBus.start(AmqpTestSettings.of(TestBrokers.amqpPort(SLOT), EXCHANGE, "late"));
        Thread.sleep(2_000);
        assertThat(late.isConnected()).isFalse();
        Instant restart = Instant.now();
        broker = TestBrokers.start("outage", SLOT);

        assertThat(agentLine("RESTORED")).isNotNull();
        assertThat(resyncs.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("compute1");
        awaitHeartbeat(restart);
        server.fanout(Topics.PORT_UPDATE, new PortUpdate("port-3", "net-1", 2));
        assertThat(devicesUp.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("port-3");
        assertThat(late.awaitConnected(WAIT)).isTrue();
        assertThat(late.call(Topics.UPDATE_DEVICE_UP, device("port-4"), WAIT).exists()).isTrue();
        assertThat(serverEvents).containsExactly("lost", "restored");
        assertThat(agentSays.stream().filter(line -> line.startsWith("LOST"))).isEmpty();
    }

    private AmqpBus startServer() {
        AmqpBus bus =
                AmqpBus.start(AmqpTestSettings.of(TestBrokers.amqpPort(SLOT), EXCHANGE, "server"));
        bus.addConnectionListener(
                new ConnectionListener() {
                    @Override
                    public void connectionLost(String reason) {
                        serverEvents.add("lost");
                    }

                    @Override
                    public void connectionRestored(Duration outage) {
                        serverEvents.add("restored");
                    }
                });
        bus.subscribe(
                Handlers.forTopic(Topics.REPORTS).on(Topics.REPORT_STATE, this::heartbeat).build());
        bus.subscribe(
                Handlers.forTopic(Topics.PLUGIN)
                        .on(
                                Topics.UPDATE_DEVICE_UP,
                                request -> {
                                    devicesUp.add(request.device());
                                    return new DeviceStatusReply(request.device(), true);
                                })
                        .on(
                                Topics.GET_DEVICES_DETAILS_LIST,
                                request -> {
                                    resyncs.add(request.host());
                                    return new DeviceDetailsList(
                                            request.devices().stream()
                                                    .map(DeviceDetails::unknown)
                                                    .toList());
                                })
                        .build());
        assertThat(bus.awaitConnected(WAIT)).isTrue();
        return bus;
    }

    private ReportStateReply heartbeat(AgentState state) {
        heartbeats.add(state.host() + " " + Instant.now());
        return new ReportStateReply(state.startFlag() ? AgentStatus.NEW : AgentStatus.ALIVE);
    }

    private void awaitHeartbeat(Instant after) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String beat = heartbeats.poll(1, TimeUnit.SECONDS);
            if (beat != null && Instant.parse(beat.split(" ")[1]).isAfter(after)) {
                assertThat(beat).startsWith("compute1 ");
                return;
            }
        }
        throw new AssertionError("no heartbeat from compute1 after " + after);
    }

    /** Waits for the agent's line starting with {@code word}; the lines before it are dropped. */
    private String agentLine(String word) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = agentSays.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith(word)) {
                return line;
            }
        }
        return null;
    }

    private Process startAgent(String host) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process =
                new ProcessBuilder(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                AgentProcessMain.class.getName(),
                                Integer.toString(TestBrokers.amqpPort(SLOT)),
                                EXCHANGE,
                                host)
                        .redirectError(Path.of("target", "wbus-agent-" + host + ".log").toFile())
                        .start();
        Thread.ofVirtual()
                .start(
                        () -> {
                            try (BufferedReader lines =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    process.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                lines.lines().forEach(agentSays::add);
                            } catch (java.io.IOException e) {
                                agentSays.add("EXITED " + e);
                            }
                        });
        return process;
    }

    private static DeviceRequest device(String port) {
        return new DeviceRequest(port, "late", "late");
    }
}
