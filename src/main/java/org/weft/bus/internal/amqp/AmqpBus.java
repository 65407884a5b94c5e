package org.weft.bus.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.BrokerAttempt;
import org.weft.bus.Bus;
import org.weft.bus.BusException;
import org.weft.bus.CastMethod;
import org.weft.bus.ConnectionListener;
import org.weft.bus.Handlers;
import org.weft.bus.RpcMethod;
import org.weft.bus.RpcTimeoutException;
import org.weft.bus.Subscription;
import org.weft.bus.internal.MessageCodec;
import org.weft.bus.internal.RateLimitedLog;

/**
 * The bus on a RabbitMQ broker (see the package's description for the layout on the broker).
 *
 * <p>One thread of its own, the connector, owns the link to the broker and is its state machine:
 * <em>connecting</em> (trying the brokers in turn, waiting longer after each failed attempt),
 * <em>connected</em> (until the connection shuts down), and back to connecting; on every new
 * connection it declares the exchanges, attaches every subscription and sends what was kept while
 * down. An outage is logged once: WARN when the link goes (or the broker cannot be reached at
 * start), INFO when it is back.
 *
 * <p>Consumers are called on virtual threads: the messages of one subscription one at a time in
 * arrival order, except calls, which are served in parallel. A message is acknowledged once
 * handled, so a message being handled when the link dies comes again.
 */
public final class AmqpBus implements Bus {
    private static final Logger log = LoggerFactory.getLogger(AmqpBus.class);
    private static final String REPLY_TO = "amq.rabbitmq.reply-to";
    private static final int MAX_KEPT = 10_000;

    private final AmqpSettings settings;
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
    private final ExecutorService events =
            Executors.newSingleThreadExecutor(Thread.ofVirtual().name("bus-events").factory());
    private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final List<AmqpSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<byte[]>> pendingCalls = new ConcurrentHashMap<>();
    private final Object topology = new Object();
    private final RateLimitedLog droppedLog = new RateLimitedLog(log, Duration.ofSeconds(30));
    private final Thread connector;

    /** Guarded by itself: one-way messages sent while no link was up. */
    private final Deque<Publication> kept = new ArrayDeque<>();

    /** The current link, null while connecting; set and cleared holding {@link #kept}. */
    private volatile Link link;

    private volatile String lastFailure = "not connected yet";
    private volatile boolean closed;

    private AmqpBus(AmqpSettings settings) {
        this.settings = settings;
        this.connector =
                Thread.ofPlatform()
                        .daemon()
                        .name("bus-connector-" + settings.connectionName())
                        .unstarted(this::run);
    }

    /**
     * A bus that connects in the background: it returns at once, even when no broker can be
     * reached, and keeps trying.
     */
    public static AmqpBus start(AmqpSettings settings) {
        AmqpBus bus = new AmqpBus(settings);
        bus.connector.start();
        return bus;
    }

    /** Whether the bus has a link to the broker now. */
    @Override
    public boolean isConnected() {
        return link != null;
    }

    /** Waits until the bus has a link to the broker; whether it has one within {@code limit}. */
    public boolean awaitConnected(Duration limit) {
        return awaitLink(System.nanoTime() + limit.toNanos()) != null;
    }

    @Override
    public <Q, R> R call(RpcMethod<Q, R> method, Q request) {
        return call(method, request, settings.rpcTimeout());
    }

    @Override
    public <Q, R> R call(RpcMethod<Q, R> method, Q request, Duration timeout) {
        checkOpen();
        byte[] body =
                MessageCodec.encodeRequest(
                        method.topic().name(), method.name(), method.version(), request);
        long deadline = System.nanoTime() + timeout.toNanos();
        String id = UUID.randomUUID().toString();
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        pendingCalls.put(id, reply);
        try {
            sendCall(method, id, body, timeout, deadline);
            byte[] answer =
                    reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return MessageCodec.decodeReply(method, answer);
        } catch (TimeoutException e) {
            throw new RpcTimeoutException(method, timeout, "");
        } catch (ExecutionException e) {
            throw new BusException("call " + method + " failed: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException("interrupted while waiting for the reply to " + method, e);
        } finally {
            pendingCalls.remove(id);
        }
    }

    private void sendCall(
            RpcMethod<?, ?> method, String id, byte[] body, Duration timeout, long deadline) {
        AMQP.BasicProperties properties =
                new AMQP.BasicProperties.Builder()
                        .contentType("application/json")
                        .correlationId(id)
                        .replyTo(REPLY_TO)
                        .expiration(Long.toString(Math.max(1, timeout.toMillis())))
                        .build();
        // A call that meets a dead link waits for the next one, as long as its deadline allows:
        // a broker restart then costs the caller time, not an error.
        while (true) {
            Link current = awaitLink(deadline);
            if (current == null) {
                throw new RpcTimeoutException(
                        method, timeout, "not connected to the broker: " + lastFailure);
            }
            try {
                current.publish(settings.exchange(), method.topic().name(), properties, body);
                log.debug("sent call {} id={}", method, id);
                return;
            } catch (IOException | ShutdownSignalException e) {
                current.breakDown("publishing failed: " + e.getMessage());
            }
        }
    }

    @Override
    public <M> void cast(CastMethod<M> method, M message) {
        send(
                Publication.direct(
                        settings.exchange(), method.topic().name(), encode(method, message)));
    }

    @Override
    public <M> void cast(CastMethod<M> method, String host, M message) {
        Objects.requireNonNull(host);
        String key = method.topic().name() + "." + host;
        send(Publication.direct(settings.exchange(), key, encode(method, message)));
    }

    @Override
    public <M> void fanout(CastMethod<M> method, M message) {
        String exchange = fanoutExchange(method.topic().name());
        send(Publication.fanout(exchange, encode(method, message)));
    }

    @Override
    public Subscription subscribe(Handlers handlers) {
        return add(new AmqpSubscription(this, handlers, null));
    }

    @Override
    public Subscription subscribe(Handlers handlers, String host) {
        return add(new AmqpSubscription(this, handlers, Objects.requireNonNull(host)));
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        connectionListeners.add(listener);
    }

    @Override
    public Duration defaultTimeout() {
        return settings.rpcTimeout();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        connector.interrupt();
        Link current = link;
        if (current != null) {
            current.close();
        }
        pendingCalls.values().forEach(call -> call.completeExceptionally(closedError()));
        try {
            connector.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.shutdown();
        // The work executor is left open: the client still hands it the channels' shutdown
        // notices after the connection has closed, and virtual threads hold nothing once done.
    }

    AmqpSettings settings() {
        return settings;
    }

    ExecutorService work() {
        return work;
    }

    String fanoutExchange(String topic) {
        return settings.exchange() + "." + topic + "_fanout";
    }

    /** Sends the reply of a served call; with no link the caller is left to time out. */
    void sendReply(String replyTo, String correlationId, byte[] body) {
        Link current = link;
        if (current == null) {
            droppedLog.warn("reply dropped, no link to the broker id={}", correlationId);
            return;
        }
        AMQP.BasicProperties properties =
                new AMQP.BasicProperties.Builder()
                        .contentType("application/json")
                        .correlationId(correlationId)
                        .build();
        try {
            current.publish("", replyTo, properties, body);
        } catch (IOException | ShutdownSignalException e) {
            current.breakDown("publishing a reply failed: " + e.getMessage());
        }
    }

    /** Forgets a closed subscription; never while it is being attached. */
    void remove(AmqpSubscription subscription) {
        synchronized (topology) {
            subscriptions.remove(subscription);
        }
    }

    /** Gives up the current link after a failure on one of its channels. */
    void linkBroken(Connection connection, String reason) {
        Link current = link;
        if (current != null && current.connection == connection) {
            current.breakDown(reason);
        }
    }

    private Subscription add(AmqpSubscription subscription) {
        checkOpen();
        synchronized (topology) {
            subscriptions.add(subscription);
            Link current = link;
            if (current != null) {
                try {
                    subscription.attach(current.connection);
                } catch (IOException | ShutdownSignalException e) {
                    current.breakDown("subscribing to " + subscription + " failed: " + e);
                }
            }
        }
        return subscription;
    }

    private <M> byte[] encode(CastMethod<M> method, M message) {
        checkOpen();
        return MessageCodec.encodeRequest(
                method.topic().name(), method.name(), method.version(), message);
    }

    private void send(Publication publication) {
        // A publication that meets a dead link is kept for the next one; the dead link is
        // dropped first, so that the next turn of the loop cannot pick it again.
        while (true) {
            Link current;
            synchronized (kept) {
                current = link;
                if (current == null) {
                    keep(publication);
                    return;
                }
            }
            try {
                publication.sendOn(current);
                return;
            } catch (IOException | ShutdownSignalException e) {
                current.breakDown("publishing failed: " + e.getMessage());
            }
        }
    }

    /** Holding {@link #kept}. */
    private void keep(Publication publication) {
        if (kept.size() >= MAX_KEPT) {
            Publication oldest = kept.removeFirst();
            droppedLog.warn(
                    "broker unreachable and {} messages kept already, dropped the oldest"
                            + " exchange={} key={}",
                    MAX_KEPT,
                    oldest.exchange(),
                    oldest.routingKey());
        }
        kept.addLast(publication);
    }

    private Link awaitLink(long deadline) {
        synchronized (kept) {
            while (link == null && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(kept, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            return link;
        }
    }

    private void checkOpen() {
        if (closed) {
            throw closedError();
        }
    }

    private static BusException closedError() {
        return new BusException("the bus is closed");
    }

    // The connector: the only thread that makes and drops links.

    private void run() {
        Instant outageSince = null;
        int attempt = 0;
        int next = 0;
        while (!closed) {
            BrokerAddress broker = settings.brokers().get(next);
            Link fresh;
            try {
                fresh = connect(broker);
            } catch (IOException | TimeoutException | RuntimeException e) {
                lastFailure = broker + ": " + describe(e) + hint(broker, e);
                if (outageSince == null) {
                    outageSince = Instant.now();
                    log.warn(
                            "cannot reach the broker, will keep trying broker={} vhost={}: {}{}",
                            broker,
                            settings.virtualHost(),
                            describe(e),
                            hint(broker, e));
                    tellLost(lastFailure);
                } else {
                    log.debug("broker still unreachable broker={}: {}", broker, describe(e));
                }
                next = (next + 1) % settings.brokers().size();
                attempt++;
                if (!pause(settings.delayBefore(attempt))) {
                    break;
                }
                continue;
            }
            if (!goLive(fresh, outageSince)) {
                if (outageSince == null) {
                    outageSince = Instant.now();
                    log.warn(
                            "cannot use the broker, will keep trying broker={}: {}",
                            broker,
                            lastFailure);
                    tellLost(lastFailure);
                }
                attempt++;
                if (!pause(settings.delayBefore(attempt))) {
                    break;
                }
                continue;
            }
            outageSince = null;
            attempt = 0;

            String reason = awaitLoss(fresh);
            fresh.breakDown(reason);
            if (closed) {
                break;
            }
            outageSince = Instant.now();
            lastFailure = reason;
            log.warn("lost the broker, reconnecting broker={}: {}", broker, reason);
            tellLost(reason);
        }
    }

    /** Opens one connection to {@code broker} with {@code settings}' account, then closes it. */
    public static BrokerAttempt tryLogin(
            AmqpSettings settings, BrokerAddress broker, Duration timeout) {
        ConnectionFactory factory = factory(settings, broker, timeout);
        try (Connection connection = factory.newConnection(settings.connectionName())) {
            return new BrokerAttempt(
                    broker.toString(),
                    broker.userId(),
                    BrokerAttempt.Outcome.ADMITTED,
                    "RabbitMQ " + connection.getServerProperties().get("version"));
        } catch (PossibleAuthenticationFailureException e) {
            return new BrokerAttempt(
                    broker.toString(),
                    broker.userId(),
                    BrokerAttempt.Outcome.REFUSED,
                    e.getMessage());
        } catch (IOException | TimeoutException | RuntimeException e) {
            return new BrokerAttempt(
                    broker.toString(),
                    broker.userId(),
                    BrokerAttempt.Outcome.UNREACHABLE,
                    describe(e));
        }
    }

    private Link connect(BrokerAddress broker) throws IOException, TimeoutException {
        ConnectionFactory factory = factory(settings, broker, Duration.ofSeconds(10));
        // Zero turns heartbeats off, as heartbeat_timeout_threshold = 0 asks.
        factory.setRequestedHeartbeat((int) settings.heartbeat().toSeconds());
        factory.setSharedExecutor(work);
        Connection connection = factory.newConnection(work, settings.connectionName());
        try {
            return open(connection, broker);
        } catch (IOException | RuntimeException e) {
            connection.abort(1000);
            throw e;
        }
    }

    private Link open(Connection connection, BrokerAddress broker) throws IOException {
        Link fresh = new Link(connection, connection.createChannel(), broker);
        connection.addShutdownListener(cause -> async(() -> fresh.breakDown(describe(cause))));
        fresh.publisher.exchangeDeclare(settings.exchange(), "direct", false);
        fresh.publisher.basicConsume(
                REPLY_TO,
                true,
                (tag, delivery) -> {
                    CompletableFuture<byte[]> waiting =
                            pendingCalls.get(delivery.getProperties().getCorrelationId());
                    if (waiting != null) {
                        waiting.complete(delivery.getBody());
                    }
                },
                tag -> {});
        return fresh;
    }

    /**
     * Attaches every subscription to the new link, sends what was kept, and makes the link current,
     * all holding {@link #topology}, so that a subscription added meanwhile is attached exactly
     * once: here, or by {@link #add} once the link is current. False when the link broke meanwhile.
     */
    private boolean goLive(Link fresh, Instant outageSince) {
        synchronized (topology) {
            try {
                for (AmqpSubscription subscription : subscriptions) {
                    subscription.attach(fresh.connection);
                }
            } catch (IOException | ShutdownSignalException e) {
                lastFailure = fresh.broker + ": subscribing failed: " + describe(e);
                fresh.breakDown(lastFailure);
                return false;
            }
            synchronized (kept) {
                while (!kept.isEmpty()) {
                    try {
                        kept.peekFirst().sendOn(fresh);
                        kept.removeFirst();
                    } catch (IOException | ShutdownSignalException e) {
                        fresh.breakDown("sending kept messages failed: " + e.getMessage());
                        return false;
                    }
                }
                link = fresh;
                kept.notifyAll();
            }
        }
        if (outageSince == null) {
            log.info(
                    "connected to the broker broker={} vhost={} exchange={}",
                    fresh.broker,
                    settings.virtualHost(),
                    settings.exchange());
        } else {
            Duration outage = Duration.between(outageSince, Instant.now());
            log.info(
                    "connection to the broker restored broker={} after {} s",
                    fresh.broker,
                    String.format(java.util.Locale.ROOT, "%.1f", outage.toMillis() / 1000.0));
            tellRestored(outage);
        }
        return true;
    }

    private String awaitLoss(Link current) {
        try {
            return current.lost.get();
        } catch (ExecutionException e) {
            return describe(e.getCause());
        } catch (InterruptedException e) {
            return "the bus is closing";
        }
    }

    /** Waits before the next attempt; false when the bus closed meanwhile. */
    private boolean pause(Duration delay) {
        try {
            Thread.sleep(delay);
            return !closed;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Runs {@code task} on a virtual thread, unless the bus has finished closing. */
    private void async(Runnable task) {
        try {
            work.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("bus closed, not running {}", task);
        }
    }

    private void tellLost(String reason) {
        for (ConnectionListener listener : connectionListeners) {
            tell(listener, () -> listener.connectionLost(reason));
        }
    }

    private void tellRestored(Duration outage) {
        for (ConnectionListener listener : connectionListeners) {
            tell(listener, () -> listener.connectionRestored(outage));
        }
    }

    private void tell(ConnectionListener listener, Runnable event) {
        events.execute(
                () -> {
                    try {
                        event.run();
                    } catch (RuntimeException e) {
                        log.warn("connection listener failed listener={}", listener, e);
                    }
                });
    }

    /**
     * What an operator most likely has to do when the broker refuses the guide's {@code guest}:
     * RabbitMQ admits it from loopback only unless told otherwise.
     */
    private static String hint(BrokerAddress broker, Exception e) {
        if (e instanceof AuthenticationFailureException && broker.userId().equals("guest")) {
            return " (if this is guest logging in from another host: RabbitMQ lets guest in from"
                    + " loopback only; set loopback_users = none in the broker's rabbitmq.conf, or"
                    + " give rabbit_userid and rabbit_password of a user of its own)";
        }
        return "";
    }

    /** A factory for {@code broker} that leaves reconnecting to this class. */
    private static ConnectionFactory factory(
            AmqpSettings settings, BrokerAddress broker, Duration timeout) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(broker.host());
        factory.setPort(broker.port());
        factory.setUsername(broker.userId());
        factory.setPassword(broker.password());
        factory.setVirtualHost(settings.virtualHost());
        factory.setConnectionTimeout((int) timeout.toMillis());
        factory.setHandshakeTimeout((int) timeout.toMillis());
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        return factory;
    }

    private static String describe(Throwable e) {
        if (e instanceof ShutdownSignalException shutdown) {
            Object reason = shutdown.getReason();
            if (reason instanceof AMQP.Connection.Close close) {
                return "broker closed the connection: " + close.getReplyText();
            }
            return shutdown.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** One connection and its publishing channel, which also receives the replies to calls. */
    private final class Link {
        final Connection connection;
        final Channel publisher;
        final BrokerAddress broker;
        final CompletableFuture<String> lost = new CompletableFuture<>();
        final Set<String> fanoutExchanges = ConcurrentHashMap.newKeySet();

        Link(Connection connection, Channel publisher, BrokerAddress broker) {
            this.connection = connection;
            this.publisher = publisher;
            this.broker = broker;
        }

        void publish(String exchange, String key, AMQP.BasicProperties properties, byte[] body)
                throws IOException {
            synchronized (publisher) {
                publisher.basicPublish(exchange, key, properties, body);
            }
        }

        void publishFanout(String exchange, byte[] body) throws IOException {
            synchronized (publisher) {
                // Publishing to an exchange that does not exist closes the channel, so the
                // fanout exchange is declared before its first message on this link.
                if (fanoutExchanges.add(exchange)) {
                    publisher.exchangeDeclare(exchange, "fanout", false);
                }
                publisher.basicPublish(exchange, "", ONE_WAY, body);
            }
        }

        /** Drops this link; the connector notices and makes a new one. Idempotent. */
        void breakDown(String reason) {
            synchronized (kept) {
                if (link == this) {
                    link = null;
                }
            }
            if (lost.complete(reason)) {
                async(() -> connection.abort(1000));
            }
        }

        void close() {
            lost.complete("the bus is closing");
            try {
                connection.close(2000);
            } catch (IOException | ShutdownSignalException e) {
                log.debug("closing the connection failed: {}", e.toString());
            }
        }
    }

    private static final AMQP.BasicProperties ONE_WAY =
            new AMQP.BasicProperties.Builder().contentType("application/json").build();

    /** A one-way message ready to go, kept while there is no link. */
    private record Publication(String exchange, String routingKey, boolean fanout, byte[] body) {
        static Publication direct(String exchange, String key, byte[] body) {
            return new Publication(exchange, key, false, body);
        }

        static Publication fanout(String exchange, byte[] body) {
            return new Publication(exchange, "", true, body);
        }

        void sendOn(Link link) throws IOException {
            if (fanout) {
                link.publishFanout(exchange, body);
            } else {
                link.publish(exchange, routingKey, ONE_WAY, body);
            }
        }
    }
}
