package org.weft.dataplane.ovsdb.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.ovsdb.OvsdbConnectionException;
import org.weft.dataplane.ovsdb.OvsdbRpcException;
import org.weft.dataplane.ovsdb.OvsdbTarget;
import org.weft.dataplane.ovsdb.SessionState;
import org.weft.dataplane.ovsdb.internal.wire.FramingException;
import org.weft.dataplane.ovsdb.internal.wire.JsonRpcCodec;
import org.weft.dataplane.ovsdb.internal.wire.JsonRpcMessage;
import org.weft.dataplane.ovsdb.internal.wire.JsonStreamFramer;

/**
 * One JSON-RPC session with an OVSDB server, kept up for as long as its owner wants it: an event
 * loop on a thread of its own that connects, reads and writes without blocking, answers the
 * server's {@code echo} requests, sends its own when the line is quiet (RFC 7047 §4.1.11) and drops
 * a connection that stays silent, and reconnects with exponential backoff.
 *
 * <p>All of the session's state belongs to its thread. Other threads hand it work through a task
 * queue ({@link #call}, {@link #close}); replies complete futures on the session thread.
 *
 * <pre>
 *   CONNECTING ──connected──▶ SYNCHRONIZING ──handler.activate()──▶ ACTIVE
 *       │                          │                                  │
 *       └──failed──▶ BACKING_OFF ◀─┴──────────lost────────────────────┘
 *                        └──delay elapsed──▶ CONNECTING            any ──close()──▶ CLOSED
 * </pre>
 */
public final class Session {
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private static final int READ_BUFFER_BYTES = 256 * 1024;

    /** What the owner of a session does with it; every method runs on the session thread. */
    public interface Handler {
        /**
         * The connection is up (state {@code SYNCHRONIZING}): send what must precede other traffic,
         * such as monitor requests, then call {@link Session#activate()}.
         */
        void connected(Session session);

        /** A notification from the server, such as a monitor's {@code update}. */
        void notification(String method, JsonNode params);

        void stateChanged(SessionState state);
    }

    /** How the session paces itself. */
    public record Settings(
            Duration probeInterval, Duration minimumBackoff, Duration maximumBackoff) {
        public static final Settings DEFAULT =
                new Settings(Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofSeconds(8));
    }

    private final OvsdbTarget target;
    private final Settings settings;
    private final Handler handler;
    private final JsonRpcCodec codec = new JsonRpcCodec(Values.JSON);
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final Selector selector;
    private final Thread thread;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);

    // Owned by the session thread.
    private volatile SessionState state = SessionState.CONNECTING;
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Queue<ByteBuffer> outbound = new ArrayDeque<>();
    private SocketChannel channel;
    private SelectionKey key;
    private JsonStreamFramer framer;
    private long backoffNanos;
    private long nextAttemptNanos;
    private long lastReceivedNanos;
    private long echoSentNanos;
    private boolean failureReported;
    private Exception lastFailure;

    private record Pending(String method, CompletableFuture<JsonNode> reply) {}

    public Session(OvsdbTarget target, Settings settings, Handler handler) {
        this.target = target;
        this.settings = settings;
        this.handler = handler;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new OvsdbConnectionException("cannot open a selector: " + e, e);
        }
        this.thread = Thread.ofPlatform().daemon().name("ovsdb " + target).unstarted(this::run);
        this.backoffNanos = settings.minimumBackoff().toNanos();
    }

    public void start() {
        thread.start();
    }

    public OvsdbTarget target() {
        return target;
    }

    public SessionState state() {
        return state;
    }

    /** The last reason a connection failed or was lost, for messages; empty text if none. */
    public String lastFailure() {
        Exception failure = lastFailure;
        return failure == null ? "" : failure.toString();
    }

    public boolean onSessionThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * Sends a request and returns its reply's {@code result}; fails with {@link OvsdbRpcException}
     * when the reply carries an error, with {@link OvsdbConnectionException} when there is no
     * connection or it is lost first.
     */
    public CompletableFuture<JsonNode> call(String method, JsonNode params) {
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        long id = nextId.getAndIncrement();
        if (onSessionThread()) {
            send(id, method, params, reply);
        } else {
            submit(() -> send(id, method, params, reply));
        }
        return reply;
    }

    /** Forgets a request whose caller gave up waiting, so its late reply is dropped. */
    public void abandon(CompletableFuture<JsonNode> reply) {
        submit(() -> pending.values().removeIf(call -> call.reply() == reply));
    }

    /** Tells the session its owner has synchronized: requests go through, state is ACTIVE. */
    public void activate() {
        assert onSessionThread() : "activate() called off the session thread";
        if (state == SessionState.SYNCHRONIZING) {
            backoffNanos = settings.minimumBackoff().toNanos();
            failureReported = false;
            moveTo(SessionState.ACTIVE);
            log.info("ovsdb session active target={}", target);
        }
    }

    /** Drops the current connection (as a lost one), so that the session reconnects. */
    public void reconnect(String why) {
        submit(() -> lose(new IOException(why)));
    }

    /** Closes the connection and ends the session thread; pending requests fail. */
    public void close() {
        submit(this::closeNow);
        if (!onSessionThread()) {
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void submit(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    private void run() {
        connect();
        while (state != SessionState.CLOSED) {
            try {
                selector.select(millisUntilNextDeadline());
            } catch (IOException | ClosedSelectorException e) {
                log.error("ovsdb session target={} cannot wait on its selector", target, e);
                closeNow();
                break;
            }
            runTasks();
            if (state == SessionState.CLOSED) {
                break;
            }
            handleReadyChannel();
            handleTimers();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    private void handleReadyChannel() {
        if (key == null || !key.isValid()) {
            selector.selectedKeys().clear();
            return;
        }
        boolean selected = selector.selectedKeys().remove(key);
        if (!selected) {
            return;
        }
        try {
            if (key.isConnectable()) {
                finishConnect();
            }
            if (key.isValid() && key.isReadable()) {
                read();
            }
            if (key != null && key.isValid() && key.isWritable()) {
                flush();
            }
        } catch (IOException | FramingException e) {
            lose(e);
        }
    }

    // Connecting.

    private void connect() {
        moveTo(SessionState.CONNECTING);
        try {
            channel = target.open();
            key = channel.register(selector, SelectionKey.OP_CONNECT);
            if (channel.connect(target.address())) {
                finishConnect();
            }
        } catch (IOException e) {
            lose(e);
        }
    }

    private void finishConnect() throws IOException {
        if (!channel.finishConnect()) {
            return;
        }
        key.interestOps(SelectionKey.OP_READ);
        framer = new JsonStreamFramer();
        lastReceivedNanos = System.nanoTime();
        echoSentNanos = 0;
        log.debug("ovsdb connected target={}", target);
        moveTo(SessionState.SYNCHRONIZING);
        handler.connected(this);
    }

    /** The connection failed or broke: fail what waits on it and try again after a pause. */
    private void lose(Exception cause) {
        if (state == SessionState.CLOSED) {
            return;
        }
        lastFailure = cause;
        boolean wasConnected = state == SessionState.ACTIVE || state == SessionState.SYNCHRONIZING;
        closeChannel();
        failPending("connection to " + target + " lost: " + cause.getMessage());
        reportFailure(wasConnected, cause);
        nextAttemptNanos = System.nanoTime() + backoffNanos;
        backoffNanos = Math.min(backoffNanos * 2, settings.maximumBackoff().toNanos());
        moveTo(SessionState.BACKING_OFF);
    }

    // The first failure after a success is worth a warning; the retries that follow are not.
    private void reportFailure(boolean wasConnected, Exception cause) {
        long delayMillis = backoffNanos / 1_000_000;
        if (wasConnected || !failureReported) {
            log.warn(
                    "ovsdb connection to target={} failed: {}; retrying in {} ms",
                    target,
                    cause.toString(),
                    delayMillis);
            failureReported = true;
        } else {
            log.debug("ovsdb connection to target={} failed again: {}", target, cause.toString());
        }
    }

    private void closeChannel() {
        if (key != null) {
            key.cancel();
            key = null;
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("closing channel to target={}: {}", target, e.toString());
            }
            channel = null;
        }
        outbound.clear();
        framer = null;
    }

    private void closeNow() {
        if (state == SessionState.CLOSED) {
            return;
        }
        closeChannel();
        failPending("session with " + target + " closed");
        moveTo(SessionState.CLOSED);
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("closing selector of target={}: {}", target, e.toString());
        }
    }

    private void failPending(String why) {
        for (Pending call : pending.values()) {
            call.reply()
                    .completeExceptionally(
                            new OvsdbConnectionException(
                                    why + " (while waiting for " + call.method() + ")"));
        }
        pending.clear();
    }

    private void moveTo(SessionState next) {
        if (state != next) {
            state = next;
            handler.stateChanged(next);
        }
    }

    // Timers: the next connection attempt and the inactivity probe.

    private long millisUntilNextDeadline() {
        long now = System.nanoTime();
        long deadline;
        if (state == SessionState.BACKING_OFF) {
            deadline = nextAttemptNanos;
        } else if (isConnected()) {
            deadline =
                    (echoSentNanos != 0 ? echoSentNanos : lastReceivedNanos)
                            + settings.probeInterval().toNanos();
        } else {
            return 0;
        }
        // select(0) waits for ever; a deadline already past must not become that.
        return Math.max(1, (deadline - now + 999_999) / 1_000_000);
    }

    private void handleTimers() {
        long now = System.nanoTime();
        if (state == SessionState.BACKING_OFF && now >= nextAttemptNanos) {
            connect();
            return;
        }
        if (!isConnected()) {
            return;
        }
        long probe = settings.probeInterval().toNanos();
        if (echoSentNanos != 0 && now - echoSentNanos >= probe) {
            lose(new IOException("no answer to echo within " + settings.probeInterval()));
        } else if (echoSentNanos == 0 && now - lastReceivedNanos >= probe) {
            sendEcho();
        }
    }

    private void sendEcho() {
        echoSentNanos = System.nanoTime();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        send(nextId.getAndIncrement(), "echo", JsonNodeFactory.instance.arrayNode(), reply);
        log.debug("ovsdb echo sent target={}", target);
    }

    private boolean isConnected() {
        return state == SessionState.SYNCHRONIZING || state == SessionState.ACTIVE;
    }

    // Writing.

    private void send(long id, String method, JsonNode params, CompletableFuture<JsonNode> reply) {
        if (!isConnected()) {
            reply.completeExceptionally(
                    new OvsdbConnectionException(
                            "not connected to "
                                    + target
                                    + " (state "
                                    + state
                                    + ") for "
                                    + method
                                    + (lastFailure == null
                                            ? ""
                                            : ": " + lastFailure.getMessage())));
            return;
        }
        pending.put(id, new Pending(method, reply));
        write(new JsonRpcMessage.Request(LongNode.valueOf(id), method, params));
    }

    private void write(JsonRpcMessage message) {
        outbound.add(ByteBuffer.wrap(codec.encode(message)));
        try {
            flush();
        } catch (IOException e) {
            lose(e);
        }
    }

    private void flush() throws IOException {
        while (!outbound.isEmpty()) {
            ByteBuffer head = outbound.peek();
            channel.write(head);
            if (head.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            outbound.poll();
        }
        key.interestOps(SelectionKey.OP_READ);
    }

    // Reading.

    private void read() throws IOException {
        while (channel != null) {
            readBuffer.clear();
            int count = channel.read(readBuffer);
            if (count < 0) {
                throw new IOException("server closed the connection");
            }
            if (count == 0) {
                return;
            }
            lastReceivedNanos = System.nanoTime();
            echoSentNanos = 0;
            readBuffer.flip();
            JsonStreamFramer current = framer;
            current.feed(
                    readBuffer,
                    frame -> {
                        if (framer == current) {
                            dispatch(codec.decode(frame));
                        }
                    });
            if (framer != current) {
                // The connection was dropped while handling what was read.
                return;
            }
        }
    }

    private void dispatch(JsonRpcMessage message) {
        switch (message) {
            case JsonRpcMessage.Response response -> complete(response);
            case JsonRpcMessage.Request request -> answer(request);
            case JsonRpcMessage.Notification notification ->
                    handler.notification(notification.method(), notification.params());
        }
    }

    private void complete(JsonRpcMessage.Response response) {
        Pending call = pending.remove(response.id().asLong());
        if (call == null) {
            log.debug("ovsdb reply to an abandoned request id={} target={}", response.id(), target);
            return;
        }
        if (response.failed()) {
            call.reply()
                    .completeExceptionally(new OvsdbRpcException(call.method(), response.error()));
        } else {
            call.reply().complete(response.result());
        }
    }

    // The server probes us with echo (RFC 7047 §4.1.11); the reply carries its params back.
    private void answer(JsonRpcMessage.Request request) {
        if (request.method().equals("echo")) {
            write(JsonRpcMessage.Response.success(request.id(), request.params()));
            return;
        }
        log.warn("ovsdb server target={} sent unknown request method={}", target, request.method());
        write(
                new JsonRpcMessage.Response(
                        request.id(),
                        null,
                        JsonNodeFactory.instance.textNode("unknown method " + request.method())));
    }
}
