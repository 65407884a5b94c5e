package org.weft.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.weft.bench.BusLoad.FanoutFigures;
import org.weft.bench.BusLoad.RpcFigures;
import org.weft.bus.Bus;
import org.weft.bus.internal.amqp.AmqpBus;
import org.weft.bus.internal.amqp.AmqpSettings;
import org.weft.bus.internal.amqp.BrokerAddress;
import org.weft.bus.internal.inprocess.InProcessBus;
import org.weft.bus.rabbit.RabbitMqServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft bench bus}: RPC round trips per second with 1 and 16 callers, and the delay from one
 * fanout until 100 subscribed agents have it, on RabbitMQ and in-process, beside the bare cost of a
 * round trip with the RabbitMQ client alone.
 */
@Command(
        name = "bus",
        mixinStandardHelpOptions = true,
        description = {
            "RPC round trips per second (1 and 16 callers) and the delay from a fanout until 100"
                    + " agents have it, on RabbitMQ and in-process, with the bare RabbitMQ client's"
                    + " round trip as the floor.",
            "A private broker is started on --amqp-port (and stopped afterwards) unless --broker"
                    + " names a running one; on RabbitMQ every agent has a connection of its own."
        })
public final class BusBenchmark extends Benchmark {
    @Option(
            names = "--broker",
            paramLabel = "HOST:PORT",
            description = "A running broker to use as guest/guest (never stopped by this run).")
    String broker;

    @Option(
            names = "--amqp-port",
            defaultValue = "25710",
            description = "AMQP port of the private broker (default: ${DEFAULT-VALUE}).")
    int amqpPort;

    @Option(
            names = "--seconds",
            defaultValue = "5",
            description = "Seconds each round-trip figure is measured (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--agents",
            defaultValue = "100",
            description = "Subscribed agents of the fanout figure (default: ${DEFAULT-VALUE}).")
    int agents;

    @Option(
            names = "--rounds",
            defaultValue = "50",
            description = "Fanouts measured (default: ${DEFAULT-VALUE}).")
    int rounds;

    private static final Duration WARM_UP = Duration.ofSeconds(2);

    @Override
    protected BenchReport measure() throws Exception {
        Duration length = Duration.ofSeconds(seconds);
        Figures inProcess = inProcess(length);
        RabbitMqServer started = broker == null ? startBroker() : null;
        try {
            String host =
                    broker == null ? "127.0.0.1" : broker.substring(0, broker.lastIndexOf(':'));
            int port =
                    broker == null
                            ? amqpPort
                            : Integer.parseInt(broker.substring(broker.lastIndexOf(':') + 1));
            progress("bare RabbitMQ client round trips");
            RpcFigures bare = BusLoad.bareAmqpRoundTrips(host, port, WARM_UP, length);
            Figures rabbit = rabbit(host, port, length);
            return report(inProcess, rabbit, bare);
        } finally {
            if (started != null) {
                started.stop();
            }
        }
    }

    /** What one implementation measured. */
    private record Figures(RpcFigures one, RpcFigures sixteen, FanoutFigures fanout) {}

    private Figures inProcess(Duration length) throws Exception {
        try (InProcessBus bus = new InProcessBus(Duration.ofSeconds(30))) {
            BusLoad.serveEcho(bus);
            progress("in-process: round trips, 1 and 16 callers");
            RpcFigures one = BusLoad.roundTrips(bus, 1, WARM_UP, length);
            RpcFigures sixteen = BusLoad.roundTrips(bus, 16, WARM_UP, length);
            progress("in-process: fanout to %d subscribers", agents);
            FanoutFigures fanout =
                    BusLoad.fanoutDelays(bus, Collections.nCopies(agents, bus), rounds);
            return new Figures(one, sixteen, fanout);
        }
    }

    private Figures rabbit(String host, int port, Duration length) throws Exception {
        AmqpSettings settings = settings(host, port, "bench-server");
        List<AmqpBus> buses = new ArrayList<>();
        try {
            AmqpBus server = connect(settings, buses);
            AmqpBus client = connect(settings(host, port, "bench-client"), buses);
            BusLoad.serveEcho(server);
            progress("RabbitMQ: round trips, 1 and 16 callers");
            RpcFigures one = BusLoad.roundTrips(client, 1, WARM_UP, length);
            RpcFigures sixteen = BusLoad.roundTrips(client, 16, WARM_UP, length);
            progress("RabbitMQ: connecting %d agents", agents);
            List<Bus> subscribers = new ArrayList<>();
            for (int i = 0; i < agents; i++) {
                subscribers.add(connect(settings(host, port, "bench-agent-" + i), buses));
            }
            progress("RabbitMQ: fanout to %d agents", agents);
            FanoutFigures fanout = BusLoad.fanoutDelays(server, subscribers, rounds);
            return new Figures(one, sixteen, fanout);
        } finally {
            buses.forEach(AmqpBus::close);
        }
    }

    private static AmqpBus connect(AmqpSettings settings, List<AmqpBus> buses) {
        AmqpBus bus = AmqpBus.start(settings);
        buses.add(bus);
        if (!bus.awaitConnected(Duration.ofSeconds(30))) {
            throw new IllegalStateException("no connection to the broker " + settings.brokers());
        }
        return bus;
    }

    private static AmqpSettings settings(String host, int port, String name) {
        return new AmqpSettings(
                List.of(new BrokerAddress(host, port, "guest", "guest")),
                "/",
                "weft-bench",
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                name);
    }

    private RabbitMqServer startBroker() {
        progress("starting a private RabbitMQ on 127.0.0.1:%d", amqpPort);
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "wbus-bench-rabbit");
        return RabbitMqServer.start(
                RabbitMqServer.Settings.onLoopback(
                        "wbus-bench", dir, amqpPort, amqpPort + 60, amqpPort + 80));
    }

    private BenchReport report(Figures inProcess, Figures rabbit, RpcFigures bare) {
        StringBuilder md = new StringBuilder();
        md.append("| figure | in-process | RabbitMQ | bare RabbitMQ client |\n");
        md.append("| --- | --- | --- | --- |\n");
        md.append(
                row(
                        "round trips/s, 1 caller",
                        rate(inProcess.one()),
                        rate(rabbit.one()),
                        rate(bare)));
        md.append(
                row(
                        "  p50 / p99 latency (ms)",
                        latency(inProcess.one()),
                        latency(rabbit.one()),
                        latency(bare)));
        md.append(
                row(
                        "round trips/s, 16 callers",
                        rate(inProcess.sixteen()),
                        rate(rabbit.sixteen()),
                        "—"));
        md.append(
                row(
                        "  p50 / p99 latency (ms)",
                        latency(inProcess.sixteen()),
                        latency(rabbit.sixteen()),
                        "—"));
        md.append(
                row(
                        "fanout until all " + agents + " agents have it, p50 / p99 (ms)",
                        fanout(inProcess.fanout()),
                        fanout(rabbit.fanout()),
                        "—"));
        md.append(
                row(
                        "  median agent's delay, p50 (ms)",
                        number(inProcess.fanout().p50EachMillis()),
                        number(rabbit.fanout().p50EachMillis()),
                        "—"));
        md.append(
                String.format(
                        Locale.ROOT,
                        "%nWeft's bus on RabbitMQ reaches %.0f %% of the bare client's round-trip"
                            + " rate with one caller (JSON envelope, dispatch, per-call correlation"
                            + " and expiry). On RabbitMQ every agent has its own connection and"
                            + " fanout queue; in-process the %d subscriptions share one bus. Each"
                            + " figure is measured for %d s after a 2 s warm-up; fanouts are sent"
                            + " one at a time, %d of them.%n",
                        100 * rabbit.one().perSecond() / bare.perSecond(),
                        agents,
                        seconds,
                        rounds));
        return new BenchReport(
                "Message bus: RPC round trips and fanout delay",
                md.toString(),
                figures(inProcess, rabbit, bare));
    }

    private ObjectNode figures(Figures inProcess, Figures rabbit, RpcFigures bare) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("in_process", org.weft.bus.internal.MessageCodec.mapper().valueToTree(inProcess));
        root.set("rabbitmq", org.weft.bus.internal.MessageCodec.mapper().valueToTree(rabbit));
        root.set(
                "bare_rabbitmq_client",
                org.weft.bus.internal.MessageCodec.mapper().valueToTree(bare));
        return root;
    }

    private static String row(String label, String a, String b, String c) {
        return "| " + label + " | " + a + " | " + b + " | " + c + " |\n";
    }

    private static String rate(RpcFigures figures) {
        return String.format(Locale.ROOT, "%,.0f", figures.perSecond());
    }

    private static String latency(RpcFigures figures) {
        return number(figures.p50Micros() / 1000) + " / " + number(figures.p99Micros() / 1000);
    }

    private static String fanout(FanoutFigures figures) {
        return number(figures.p50AllMillis()) + " / " + number(figures.p99AllMillis());
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.1f", value);
    }
}
