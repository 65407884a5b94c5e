package org.weft.dataplane.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.ovsdb.internal.Session;
import org.weft.dataplane.ovsdb.internal.Values;

/**
 * A client of one OVSDB database (RFC 7047), {@code Open_vSwitch} by default: transactions, and a
 * replica of the monitored tables that the server keeps up to date. The session behind it
 * reconnects by itself with backoff; after a reconnect the replica is rebuilt and listeners are
 * told what changed meanwhile.
 *
 * <p>Blocking calls must not be made from a listener (they would wait on the very thread that
 * delivers their reply); use {@link #transactAsync} there.
 */
public final class OvsdbClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OvsdbClient.class);
    private static final String MONITOR_ID = "weft";

    private final String database;
    private final List<TableMonitor> monitors;
    private final Duration requestTimeout;
    private final List<OvsdbListener> listeners = new CopyOnWriteArrayList<>();
    private final Session session;
    private final Object stateLock = new Object();
    private volatile Replica replica = Replica.EMPTY;

    private OvsdbClient(Builder builder) {
        this.database = builder.database;
        this.monitors = List.copyOf(builder.monitors);
        this.requestTimeout = builder.requestTimeout;
        this.listeners.addAll(builder.listeners);
        this.session = new Session(builder.target, builder.settings(), new Handler());
    }

    public static Builder builder(OvsdbTarget target) {
        return new Builder(target);
    }

    public OvsdbTarget target() {
        return session.target();
    }

    public String database() {
        return database;
    }

    public SessionState state() {
        return session.state();
    }

    /** The monitored tables as last heard from the server. */
    public Replica replica() {
        return replica;
    }

    public void addListener(OvsdbListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(OvsdbListener listener) {
        listeners.remove(listener);
    }

    /**
     * Runs {@code operations} as one transaction and returns their results; an operation or commit
     * the server refuses throws {@link TransactionFailedException} naming it.
     */
    public TransactionResult transact(Operation... operations) {
        return transact(List.of(operations));
    }

    public TransactionResult transact(List<Operation> operations) {
        return await(transactAsync(operations), "transact");
    }

    /** {@link #transact} without waiting; the future completes on the session thread. */
    public CompletableFuture<TransactionResult> transactAsync(List<Operation> operations) {
        if (operations.isEmpty()) {
            throw new IllegalArgumentException("transaction without operations");
        }
        ArrayNode params = JsonNodeFactory.instance.arrayNode().add(database);
        operations.forEach(operation -> params.add(operation.toJson()));
        List<Operation> sent = List.copyOf(operations);
        return session.call("transact", params).thenApply(result -> checked(sent, result));
    }

    /** Asks the server to echo, proving the connection carries requests both ways. */
    public void echo() {
        await(session.call("echo", JsonNodeFactory.instance.arrayNode().add("ping")), "echo");
    }

    /** The databases the server holds. */
    public List<String> listDatabases() {
        JsonNode result =
                await(session.call("list_dbs", JsonNodeFactory.instance.arrayNode()), "list_dbs");
        List<String> names = new ArrayList<>();
        result.forEach(name -> names.add(name.asText()));
        return names;
    }

    /** Waits until the session is {@link SessionState#ACTIVE}, at most {@code limit}. */
    public void awaitActive(Duration limit) {
        checkNotOnSessionThread("awaitActive");
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (stateLock) {
            while (session.state() != SessionState.ACTIVE) {
                long left = deadline - System.nanoTime();
                if (session.state() == SessionState.CLOSED || left <= 0) {
                    throw new OvsdbConnectionException(
                            "no active session with "
                                    + target()
                                    + " within "
                                    + limit
                                    + " (state "
                                    + session.state()
                                    + (session.lastFailure().isEmpty()
                                            ? ""
                                            : ", last failure: " + session.lastFailure())
                                    + ")");
                }
                try {
                    stateLock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new OvsdbConnectionException("interrupted waiting for " + target());
                }
            }
        }
    }

    /** Drops the connection as if it were lost; the session reconnects and rebuilds the replica. */
    public void reconnect() {
        session.reconnect("reconnect asked by the client");
    }

    @Override
    public void close() {
        session.close();
    }

    private <T> T await(CompletableFuture<T> reply, String what) {
        checkNotOnSessionThread(what);
        try {
            return reply.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reply.cancel(false);
            throw new OvsdbTimeoutException(
                    what + " on " + target() + " got no reply within " + requestTimeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OvsdbException failure) {
                throw failure;
            }
            throw new OvsdbException(what + " on " + target() + " failed: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OvsdbConnectionException("interrupted waiting for " + what);
        }
    }

    private void checkNotOnSessionThread(String what) {
        if (session.onSessionThread()) {
            throw new IllegalStateException(
                    what + " would block the OVSDB session thread; use transactAsync");
        }
    }

    /**
     * The results, or the failure RFC 7047 §4.1.3 describes: the failed operation's result is an
     * error and those after it are null; a failed commit adds one error beyond the operations.
     */
    private static TransactionResult checked(List<Operation> operations, JsonNode result) {
        for (int i = 0; i < operations.size() && i < result.size(); i++) {
            JsonNode element = result.get(i);
            if (element.has("error")) {
                throw TransactionFailedException.atOperation(
                        operations, i, element.get("error").asText(), details(element));
            }
        }
        if (result.size() > operations.size() && result.get(operations.size()).has("error")) {
            JsonNode commit = result.get(operations.size());
            throw TransactionFailedException.atCommit(
                    operations, commit.get("error").asText(), details(commit));
        }
        List<JsonNode> results = new ArrayList<>();
        result.forEach(results::add);
        return new TransactionResult(operations, results.subList(0, operations.size()));
    }

    private static String details(JsonNode error) {
        return error.path("details").asText("");
    }

    private ObjectNode monitorRequests() {
        ObjectNode requests = JsonNodeFactory.instance.objectNode();
        for (TableMonitor monitor : monitors) {
            ObjectNode request = requests.putObject(monitor.table());
            if (!monitor.columns().isEmpty()) {
                ArrayNode columns = request.putArray("columns");
                monitor.columns().forEach(columns::add);
            }
        }
        return requests;
    }

    /** The table-updates of RFC 7047 §4.1.6 as changes against the current replica. */
    private List<RowChange> changes(Replica base, JsonNode tableUpdates) {
        List<RowChange> changes = new ArrayList<>();
        tableUpdates
                .fields()
                .forEachRemaining(
                        table ->
                                table.getValue()
                                        .fields()
                                        .forEachRemaining(
                                                row ->
                                                        changes.add(
                                                                change(
                                                                        base,
                                                                        table.getKey(),
                                                                        UUID.fromString(
                                                                                row.getKey()),
                                                                        row.getValue()))));
        return changes;
    }

    // "new" carries every monitored column; "old" of a modify only the changed ones, so the
    // replica's row stands for the row before.
    private static RowChange change(Replica base, String table, UUID uuid, JsonNode update) {
        Optional<Row> old = base.row(table, uuid);
        if (old.isEmpty() && update.has("old")) {
            old = Optional.of(row(uuid, update.get("old")));
        }
        Optional<Row> current =
                update.has("new") ? Optional.of(row(uuid, update.get("new"))) : Optional.empty();
        return new RowChange(table, uuid, old, current);
    }

    private static Row row(UUID uuid, JsonNode columns) {
        Map<String, Object> values = new HashMap<>();
        columns.fields()
                .forEachRemaining(
                        column -> values.put(column.getKey(), Values.decode(column.getValue())));
        return new Row(uuid, values);
    }

    /** What differs between the replica before a reconnect and the one rebuilt after it. */
    private static List<RowChange> differences(Replica before, Replica after) {
        List<RowChange> changes = new ArrayList<>();
        Set<String> tables = new HashSet<>(before.tables().keySet());
        tables.addAll(after.tables().keySet());
        for (String table : tables) {
            Map<UUID, Row> old = before.tables().getOrDefault(table, Map.of());
            Map<UUID, Row> now = after.tables().getOrDefault(table, Map.of());
            now.forEach(
                    (uuid, row) -> {
                        if (!row.equals(old.get(uuid))) {
                            changes.add(
                                    new RowChange(
                                            table,
                                            uuid,
                                            Optional.ofNullable(old.get(uuid)),
                                            Optional.of(row)));
                        }
                    });
            old.forEach(
                    (uuid, row) -> {
                        if (!now.containsKey(uuid)) {
                            changes.add(
                                    new RowChange(table, uuid, Optional.of(row), Optional.empty()));
                        }
                    });
        }
        return changes;
    }

    private void tell(String what, java.util.function.Consumer<OvsdbListener> call) {
        for (OvsdbListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.error("ovsdb listener {} failed on {} target={}", listener, what, target(), e);
            }
        }
    }

    /** The client's side of the session; runs on the session thread. */
    private final class Handler implements Session.Handler {
        @Override
        public void connected(Session connected) {
            if (monitors.isEmpty()) {
                connected.activate();
                return;
            }
            ArrayNode params =
                    JsonNodeFactory.instance
                            .arrayNode()
                            .add(database)
                            .add(MONITOR_ID)
                            .add(monitorRequests());
            connected
                    .call("monitor", params)
                    .whenComplete(
                            (initial, failure) -> {
                                if (failure != null) {
                                    monitorFailed(connected, failure);
                                } else {
                                    rebuild(initial);
                                    connected.activate();
                                }
                            });
        }

        private void monitorFailed(Session connected, Throwable failure) {
            if (failure instanceof OvsdbRpcException) {
                log.error(
                        "ovsdb server target={} refused the monitor: {}",
                        target(),
                        failure.getMessage());
                connected.reconnect("monitor refused: " + failure.getMessage());
            }
        }

        private void rebuild(JsonNode initial) {
            Replica before = replica;
            Replica after = Replica.EMPTY.with(changes(Replica.EMPTY, initial));
            replica = after;
            List<RowChange> differences = differences(before, after);
            log.debug("ovsdb replica rebuilt target={} changes={}", target(), differences.size());
            if (!differences.isEmpty()) {
                tell("rowsChanged", listener -> listener.rowsChanged(differences));
            }
            tell("replicaRebuilt", listener -> listener.replicaRebuilt(after));
        }

        @Override
        public void notification(String method, JsonNode params) {
            if (!method.equals("update") || !params.path(0).asText().equals(MONITOR_ID)) {
                log.debug("ovsdb notification ignored method={} target={}", method, target());
                return;
            }
            List<RowChange> changes = changes(replica, params.get(1));
            replica = replica.with(changes);
            tell("rowsChanged", listener -> listener.rowsChanged(changes));
        }

        @Override
        public void stateChanged(SessionState state) {
            synchronized (stateLock) {
                stateLock.notifyAll();
            }
            tell("stateChanged", listener -> listener.stateChanged(state));
        }
    }

    /** Settings of an {@link OvsdbClient} before it connects. */
    public static final class Builder {
        private final OvsdbTarget target;
        private String database = "Open_vSwitch";
        private final List<TableMonitor> monitors = new ArrayList<>();
        private final List<OvsdbListener> listeners = new ArrayList<>();
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration probeInterval = Session.Settings.DEFAULT.probeInterval();
        private Duration minimumBackoff = Session.Settings.DEFAULT.minimumBackoff();
        private Duration maximumBackoff = Session.Settings.DEFAULT.maximumBackoff();

        private Builder(OvsdbTarget target) {
            this.target = Objects.requireNonNull(target);
        }

        public Builder database(String name) {
            this.database = name;
            return this;
        }

        /** Keeps {@code table} in the replica. */
        public Builder monitor(TableMonitor table) {
            monitors.add(table);
            return this;
        }

        /** A listener that hears from the very first replica on. */
        public Builder listener(OvsdbListener listener) {
            listeners.add(listener);
            return this;
        }

        public Builder requestTimeout(Duration limit) {
            this.requestTimeout = limit;
            return this;
        }

        /** How long the line may stay quiet before an echo is sent, and then answered. */
        public Builder probeInterval(Duration interval) {
            this.probeInterval = interval;
            return this;
        }

        /** The first pause before reconnecting, doubled after each failure up to {@code max}. */
        public Builder backoff(Duration min, Duration max) {
            this.minimumBackoff = min;
            this.maximumBackoff = max;
            return this;
        }

        private Session.Settings settings() {
            return new Session.Settings(probeInterval, minimumBackoff, maximumBackoff);
        }

        /** Starts the session and returns at once; it connects (and reconnects) by itself. */
        public OvsdbClient start() {
            OvsdbClient client = new OvsdbClient(this);
            client.session.start();
            return client;
        }

        /** Starts the session and waits until it is active, with the replica built. */
        public OvsdbClient connect(Duration limit) {
            OvsdbClient client = start();
            try {
                client.awaitActive(limit);
            } catch (OvsdbConnectionException e) {
                client.close();
                throw e;
            }
            return client;
        }

        public OvsdbClient connect() {
            return connect(Duration.ofSeconds(30));
        }
    }
}
