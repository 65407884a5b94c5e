package org.weft.bus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.weft.metrics.Metrics;

/**
 * A bus that counts and times what passes through it, into {@link Metrics}: every call this process
 * makes ({@code weft_rpc_calls_seconds}, by topic, method and outcome), every call and one-way
 * message its handlers serve ({@code weft_rpc_handled_seconds}, by kind and outcome), and every
 * one-way message it sends ({@code weft_bus_sent_total}). It delegates everything else.
 */
public final class MeteredBus implements Bus {
    private final Bus bus;
    private final MeterRegistry registry;

    private MeteredBus(Bus bus, MeterRegistry registry) {
        this.bus = bus;
        this.registry = registry;
    }

    /** {@code bus}, metered into the process's registry. */
    public static Bus wrap(Bus bus) {
        return bus instanceof MeteredBus ? bus : new MeteredBus(bus, Metrics.registry());
    }

    @Override
    public <Q, R> R call(RpcMethod<Q, R> method, Q request) {
        return call(method, request, bus.defaultTimeout());
    }

    @Override
    public <Q, R> R call(RpcMethod<Q, R> method, Q request, Duration timeout) {
        long start = System.nanoTime();
        String outcome = "failed";
        try {
            R reply = bus.call(method, request, timeout);
            outcome = "ok";
            return reply;
        } catch (RpcTimeoutException e) {
            outcome = "timeout";
            throw e;
        } catch (RemoteCallException e) {
            outcome = "remote_error";
            throw e;
        } finally {
            timer("weft.rpc.calls", method.topic(), method.name(), "call", outcome)
                    .record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    @Override
    public <M> void cast(CastMethod<M> method, M message) {
        sent(method, "cast");
        bus.cast(method, message);
    }

    @Override
    public <M> void cast(CastMethod<M> method, String host, M message) {
        sent(method, "cast");
        bus.cast(method, host, message);
    }

    @Override
    public <M> void fanout(CastMethod<M> method, M message) {
        sent(method, "fanout");
        bus.fanout(method, message);
    }

    @Override
    public Subscription subscribe(Handlers handlers) {
        return bus.subscribe(timed(handlers));
    }

    @Override
    public Subscription subscribe(Handlers handlers, String host) {
        return bus.subscribe(timed(handlers), host);
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        bus.addConnectionListener(listener);
    }

    @Override
    public boolean isConnected() {
        return bus.isConnected();
    }

    @Override
    public Duration defaultTimeout() {
        return bus.defaultTimeout();
    }

    @Override
    public void close() {
        bus.close();
    }

    private void sent(CastMethod<?> method, String kind) {
        Counter.builder("weft.bus.sent")
                .description("One-way messages sent: casts and fanouts")
                .tag("topic", method.topic().name())
                .tag("method", method.name())
                .tag("kind", kind)
                .register(registry)
                .increment();
    }

    private Handlers timed(Handlers handlers) {
        Handlers.Builder builder = Handlers.forTopic(handlers.topic());
        for (String name : handlers.methods()) {
            switch (handlers.find(name).orElseThrow()) {
                case Handlers.Rpc<?, ?> rpc -> addTimed(builder, rpc);
                case Handlers.Cast<?> cast -> addTimed(builder, cast);
            }
        }
        return builder.build();
    }

    private <Q, R> void addTimed(Handlers.Builder builder, Handlers.Rpc<Q, R> rpc) {
        RpcMethod<Q, R> method = rpc.method();
        builder.on(
                method,
                request -> {
                    long start = System.nanoTime();
                    String outcome = "failed";
                    try {
                        R reply = rpc.handler().handle(request);
                        outcome = "ok";
                        return reply;
                    } finally {
                        handled(method.topic(), method.name(), "call", outcome, start);
                    }
                });
    }

    private <M> void addTimed(Handlers.Builder builder, Handlers.Cast<M> cast) {
        CastMethod<M> method = cast.method();
        builder.on(
                method,
                message -> {
                    long start = System.nanoTime();
                    String outcome = "failed";
                    try {
                        cast.handler().handle(message);
                        outcome = "ok";
                    } finally {
                        handled(method.topic(), method.name(), "cast", outcome, start);
                    }
                });
    }

    private void handled(Topic topic, String method, String kind, String outcome, long start) {
        timer("weft.rpc.handled", topic, method, kind, outcome)
                .record(Duration.ofNanos(System.nanoTime() - start));
    }

    private Timer timer(String name, Topic topic, String method, String kind, String outcome) {
        return Timer.builder(name)
                .description(
                        name.equals("weft.rpc.calls")
                                ? "Calls this process made on the bus, until their reply"
                                : "Calls and one-way messages this process's handlers served")
                .tag("topic", topic.name())
                .tag("method", method)
                .tag("kind", kind)
                .tag("outcome", outcome)
                .register(registry);
    }
}
