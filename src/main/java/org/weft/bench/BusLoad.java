package org.weft.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.weft.bus.Bus;
import org.weft.bus.CastMethod;
import org.weft.bus.Handlers;
import org.weft.bus.RpcMethod;
import org.weft.bus.Subscription;
import org.weft.bus.Topic;

/**
 * The load of the bus benchmark, on any {@link Bus}: RPC round trips from a number of callers, and
 * the delay from one fanout until every one of a number of subscribers has it. Senders and
 * receivers share this JVM's clock, so delays are measured with {@link System#nanoTime()}.
 */
public final class BusLoad {
    private static final Topic CALLS = new Topic("weft-bench-calls");
    private static final Topic TICKS = new Topic("weft-bench-ticks");
    private static final RpcMethod<Probe, Probe> ECHO =
            RpcMethod.of(CALLS, "echo", "1.0", Probe.class, Probe.class);
    private static final CastMethod<Probe> TICK = CastMethod.of(TICKS, "tick", "1.0", Probe.class);

    private BusLoad() {}

    /** The message of the benchmark: a sequence number and when it was sent. */
    public record Probe(long sequence, long sentNanos) {}

    /** Round trips of {@code callers} threads calling as fast as replies come. */
    public record RpcFigures(
            int callers,
            long calls,
            Duration elapsed,
            double perSecond,
            double p50Micros,
            double p99Micros) {}

    /** Delays of {@code rounds} fanouts to {@code subscribers}, in milliseconds. */
    public record FanoutFigures(
            int subscribers,
            int rounds,
            double p50AllMillis,
            double p99AllMillis,
            double p50EachMillis) {}

    /** Serves the benchmark's echo method on {@code server}. */
    public static Subscription serveEcho(Bus server) {
        return server.subscribe(Handlers.forTopic(CALLS).on(ECHO, probe -> probe).build());
    }

    /**
     * Calls echo from {@code callers} threads for {@code warmUp}, then counts for {@code measure}.
     */
    public static RpcFigures roundTrips(Bus client, int callers, Duration warmUp, Duration measure)
            throws Exception {
        runCalls(client, callers, warmUp);
        return runCalls(client, callers, measure);
    }

    private static RpcFigures runCalls(Bus client, int callers, Duration length) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try {
            long end = System.nanoTime() + length.toNanos();
            List<Future<long[]>> results = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < callers; i++) {
                results.add(threads.submit(() -> callUntil(client, end)));
            }
            List<Long> latencies = new ArrayList<>();
            for (Future<long[]> result : results) {
                for (long latency : result.get()) {
                    latencies.add(latency);
                }
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return new RpcFigures(
                    callers,
                    sorted.length,
                    elapsed,
                    sorted.length / (elapsed.toNanos() / 1e9),
                    percentile(sorted, 50) / 1e3,
                    percentile(sorted, 99) / 1e3);
        } finally {
            threads.shutdownNow();
        }
    }

    private static long[] callUntil(Bus client, long end) {
        long[] latencies = new long[1 << 16];
        int count = 0;
        for (long sequence = 0; System.nanoTime() < end; sequence++) {
            long sent = System.nanoTime();
            client.call(ECHO, new Probe(sequence, sent), Duration.ofSeconds(30));
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = System.nanoTime() - sent;
        }
        return Arrays.copyOf(latencies, count);
    }

    /**
     * Subscribes one listener on each of {@code subscribers} (a bus may appear several times), then
     * sends {@code rounds} fanouts from {@code server}, one at a time, each once every listener had
     * the one before.
     */
    public static FanoutFigures fanoutDelays(Bus server, List<Bus> subscribers, int rounds)
            throws Exception {
        int count = subscribers.size();
        AtomicLongArray arrivals = new AtomicLongArray(count);
        CountDownLatch[] latch = {new CountDownLatch(count)};
        List<Subscription> subscriptions = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                int index = i;
                Handlers handlers =
                        Handlers.forTopic(TICKS)
                                .on(
                                        TICK,
                                        probe -> {
                                            arrivals.set(index, System.nanoTime());
                                            latch[0].countDown();
                                        })
                                .build();
                subscriptions.add(subscribers.get(i).subscribe(handlers, "agent-" + i));
            }
            double[] all = new double[rounds];
            double[] each = new double[rounds];
            for (int round = -5; round < rounds; round++) {
                latch[0] = new CountDownLatch(count);
                long sent = System.nanoTime();
                server.fanout(TICK, new Probe(round, sent));
                if (!latch[0].await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(
                            "fanout "
                                    + round
                                    + " reached only "
                                    + (count - latch[0].getCount())
                                    + " of "
                                    + count
                                    + " subscribers within 30 s");
                }
                if (round >= 0) {
                    long[] delays = new long[count];
                    for (int i = 0; i < count; i++) {
                        delays[i] = arrivals.get(i) - sent;
                    }
                    Arrays.sort(delays);
                    all[round] = delays[count - 1] / 1e6;
                    each[round] = percentile(delays, 50) / 1e6;
                }
            }
            Arrays.sort(all);
            Arrays.sort(each);
            return new FanoutFigures(
                    count, rounds, percentile(all, 50), percentile(all, 99), percentile(each, 50));
        } finally {
            subscriptions.forEach(Subscription::close);
        }
    }

    /**
     * The bare cost of the same round trip on the broker: the RabbitMQ client alone, one caller, a
     * plain queue and direct reply-to, no JSON, no dispatch.
     */
    public static RpcFigures bareAmqpRoundTrips(
            String host, int port, Duration warmUp, Duration measure) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        try (Connection connection = factory.newConnection("weft-bench-bare")) {
            Channel serverChannel = connection.createChannel();
            String queue = serverChannel.queueDeclare().getQueue();
            serverChannel.basicConsume(
                    queue,
                    true,
                    (tag, delivery) ->
                            serverChannel.basicPublish(
                                    "",
                                    delivery.getProperties().getReplyTo(),
                                    new AMQP.BasicProperties.Builder()
                                            .correlationId(
                                                    delivery.getProperties().getCorrelationId())
                                            .build(),
                                    delivery.getBody()),
                    tag -> {});
            Channel clientChannel = connection.createChannel();
            SynchronousQueue<byte[]> replies = new SynchronousQueue<>();
            clientChannel.basicConsume(
                    "amq.rabbitmq.reply-to",
                    true,
                    (tag, delivery) -> {
                        try {
                            replies.put(delivery.getBody());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    tag -> {});
            AMQP.BasicProperties properties =
                    new AMQP.BasicProperties.Builder()
                            .replyTo("amq.rabbitmq.reply-to")
                            .correlationId("bare")
                            .build();
            byte[] body = "{\"sequence\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            bareCalls(clientChannel, queue, properties, body, replies, warmUp);
            return bareCalls(clientChannel, queue, properties, body, replies, measure);
        }
    }

    private static RpcFigures bareCalls(
            Channel channel,
            String queue,
            AMQP.BasicProperties properties,
            byte[] body,
            SynchronousQueue<byte[]> replies,
            Duration length)
            throws Exception {
        long started = System.nanoTime();
        long end = started + length.toNanos();
        long[] latencies = new long[1 << 16];
        int count = 0;
        while (System.nanoTime() < end) {
            long sent = System.nanoTime();
            channel.basicPublish("", queue, properties, body);
            if (replies.poll(30, TimeUnit.SECONDS) == null) {
                throw new IllegalStateException("no bare reply within 30 s");
            }
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = System.nanoTime() - sent;
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        return new RpcFigures(
                1,
                count,
                elapsed,
                count / (elapsed.toNanos() / 1e9),
                percentile(sorted, 50) / 1e3,
                percentile(sorted, 99) / 1e3);
    }

    private static long percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double percentile(double[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
