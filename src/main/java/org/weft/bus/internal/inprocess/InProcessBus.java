package org.weft.bus.internal.inprocess;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.Bus;
import org.weft.bus.BusException;
import org.weft.bus.CastMethod;
import org.weft.bus.ConnectionListener;
import org.weft.bus.Handlers;
import org.weft.bus.RpcMethod;
import org.weft.bus.RpcTimeoutException;
import org.weft.bus.Subscription;
import org.weft.bus.Topic;
import org.weft.bus.internal.Dispatcher;
import org.weft.bus.internal.MessageCodec;

/**
 * The bus of one JVM. Every message is written as JSON and read back by its receiver, as on the
 * broker, so that what works here works on RabbitMQ: records that do not survive the trip fail here
 * too. A plain cast or a call goes to the topic's listeners in turn; one-way messages reach each
 * subscription in the order they were sent.
 */
public final class InProcessBus implements Bus {
    private static final Logger log = LoggerFactory.getLogger(InProcessBus.class);

    private final Duration defaultTimeout;
    private final Map<Topic, List<Listener>> listeners = new ConcurrentHashMap<>();
    private final AtomicInteger turn = new AtomicInteger();
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean closed;

    public InProcessBus(Duration defaultTimeout) {
        this.defaultTimeout = defaultTimeout;
    }

    @Override
    public <Q, R> R call(RpcMethod<Q, R> method, Q request) {
        return call(method, request, defaultTimeout);
    }

    @Override
    public <Q, R> R call(RpcMethod<Q, R> method, Q request, Duration timeout) {
        checkOpen();
        byte[] bytes =
                MessageCodec.encodeRequest(
                        method.topic().name(), method.name(), method.version(), request);
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        Optional<Listener> listener = nextOf(shared(method.topic()));
        listener.ifPresent(chosen -> chosen.deliverCall(bytes, reply));
        try {
            return MessageCodec.decodeReply(
                    method, reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            throw new RpcTimeoutException(
                    method,
                    timeout,
                    listener.isPresent() ? "" : "nothing listens on topic " + method.topic());
        } catch (ExecutionException e) {
            throw new BusException("call " + method + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException("interrupted while waiting for the reply to " + method, e);
        }
    }

    @Override
    public <M> void cast(CastMethod<M> method, M message) {
        byte[] bytes = encode(method, message);
        nextOf(shared(method.topic()))
                .ifPresentOrElse(
                        listener -> listener.deliverOneWay(bytes),
                        () -> log.debug("cast {} dropped: nothing listens", method));
    }

    @Override
    public <M> void cast(CastMethod<M> method, String host, M message) {
        Objects.requireNonNull(host);
        byte[] bytes = encode(method, message);
        List<Listener> onHost =
                shared(method.topic()).stream()
                        .filter(listener -> host.equals(listener.host))
                        .toList();
        nextOf(onHost)
                .ifPresentOrElse(
                        listener -> listener.deliverOneWay(bytes),
                        () -> log.debug("cast {} dropped: nothing listens host={}", method, host));
    }

    @Override
    public <M> void fanout(CastMethod<M> method, M message) {
        byte[] bytes = encode(method, message);
        for (Listener listener : shared(method.topic())) {
            listener.deliverOneWay(bytes);
        }
    }

    @Override
    public Subscription subscribe(Handlers handlers) {
        return add(new Listener(handlers, null));
    }

    @Override
    public Subscription subscribe(Handlers handlers, String host) {
        return add(new Listener(handlers, Objects.requireNonNull(host)));
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        // Nothing is ever lost in memory, so there is nothing to tell.
    }

    @Override
    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    @Override
    public void close() {
        closed = true;
        listeners.values().forEach(all -> List.copyOf(all).forEach(Listener::close));
        calls.shutdown();
    }

    /** Hands {@code bytes} to one listener of {@code topic} as a cast, whatever they hold. */
    void deliverRaw(Topic topic, byte[] bytes) {
        nextOf(shared(topic)).ifPresent(listener -> listener.deliverOneWay(bytes));
    }

    /** Hands {@code bytes} to every listener of {@code topic} as a fanout, whatever they hold. */
    void fanoutRaw(Topic topic, byte[] bytes) {
        shared(topic).forEach(listener -> listener.deliverOneWay(bytes));
    }

    private <M> byte[] encode(CastMethod<M> method, M message) {
        checkOpen();
        return MessageCodec.encodeRequest(
                method.topic().name(), method.name(), method.version(), message);
    }

    private List<Listener> shared(Topic topic) {
        return listeners.getOrDefault(topic, List.of());
    }

    private Optional<Listener> nextOf(List<Listener> candidates) {
        List<Listener> now = List.copyOf(candidates);
        if (now.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(now.get(Math.floorMod(turn.getAndIncrement(), now.size())));
    }

    private Subscription add(Listener listener) {
        checkOpen();
        listeners
                .computeIfAbsent(listener.topic(), topic -> new CopyOnWriteArrayList<>())
                .add(listener);
        return listener;
    }

    private void checkOpen() {
        if (closed) {
            throw new BusException("the bus is closed");
        }
    }

    /** One subscription: its handlers, its host if any, its own ordered queue of one-way work. */
    private final class Listener implements Subscription {
        private final Handlers handlers;
        private final String host;
        private final Dispatcher dispatcher;
        private final ExecutorService oneWay =
                Executors.newSingleThreadExecutor(Thread.ofVirtual().name("bus-oneway").factory());

        Listener(Handlers handlers, String host) {
            this.handlers = handlers;
            this.host = host;
            this.dispatcher =
                    new Dispatcher(
                            handlers,
                            "in-process topic="
                                    + handlers.topic()
                                    + (host == null ? "" : " host=" + host));
        }

        @Override
        public Topic topic() {
            return handlers.topic();
        }

        @Override
        public String toString() {
            return "topic=" + handlers.topic() + (host == null ? "" : " host=" + host);
        }

        void deliverOneWay(byte[] bytes) {
            try {
                oneWay.execute(() -> dispatcher.handleOneWay(bytes));
            } catch (RejectedExecutionException e) {
                log.debug("message dropped, subscription closed {}", this);
            }
        }

        void deliverCall(byte[] bytes, CompletableFuture<byte[]> reply) {
            try {
                calls.execute(() -> reply.complete(dispatcher.handleCall(bytes)));
            } catch (RejectedExecutionException e) {
                log.debug("call dropped, bus closed {}", this);
            }
        }

        @Override
        public void close() {
            List<Listener> all = listeners.get(topic());
            if (all != null) {
                all.remove(this);
            }
            oneWay.shutdown();
        }
    }
}
