package org.weft.dataplane.openflow.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElem;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMessageReader;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.U32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.openflow.ChannelState;
import org.weft.dataplane.openflow.OpenFlowConnectionException;
import org.weft.dataplane.openflow.OpenFlowTarget;

/**
 * One OpenFlow 1.4 connection to a bridge, kept up by an event loop on a thread of its own:
 * connects, negotiates, answers and sends echo requests, matches replies to requests by xid, and
 * reconnects with backoff. The handshake is a state machine whose states name what they wait for:
 *
 * <pre>
 *   CONNECTING ─▶ AWAITING_HELLO ─(hello, 1.4 in common)─▶ AWAITING_FEATURES ─(features)─▶ ACTIVE
 *        │               │                                        │                       │
 *        └──────────────▶└────────▶ BACKING_OFF ◀──────────────────┴───────────lost──────────┘
 * </pre>
 *
 * <p>Messages are framed by the length in their 8-byte header (OpenFlow 1.4 §7.1). Multipart
 * replies are handed back as raw messages, because openflowj cannot parse flow statistics that hold
 * Nicira actions it does not know; everything else goes through openflowj's reader.
 */
public final class OpenFlowSession {
    private static final Logger log = LoggerFactory.getLogger(OpenFlowSession.class);

    static {
        NettyQuiet.apply();
    }

    private static final OFMessageReader<OFMessage> READER = OFFactories.getGenericReader();
    private static final int HEADER = 8;
    private static final int MULTIPART_REPLY = 19;
    private static final int REPLY_MORE = 1;
    private static final int CHUNK = 1024;

    /** What the owner of a session hears; every method runs on the session thread. */
    public interface Handler {
        void stateChanged(ChannelState state);

        /** The handshake finished: the bridge's datapath id is known. */
        void active(long datapathId);

        /** A message no request waits for: port status, packet-in, an error without an owner. */
        void unsolicited(OFMessage message);
    }

    /** How the session paces itself. */
    public record Settings(
            Duration probeInterval, Duration minimumBackoff, Duration maximumBackoff) {
        public static final Settings DEFAULT =
                new Settings(Duration.ofSeconds(10), Duration.ofMillis(50), Duration.ofSeconds(8));
    }

    /** The errors of a batch of messages and the reply that ended it. */
    public record BatchResult(List<OFErrorMsg> errors, OFMessage finalReply) {}

    private sealed interface Pending {}

    private record SingleReply(CompletableFuture<OFMessage> reply) implements Pending {}

    private record Multipart(CompletableFuture<List<byte[]>> reply, List<byte[]> parts)
            implements Pending {}

    /** Errors for xids first..last are collected until the reply to {@code last + 1}. */
    private record Batch(
            long first, long last, List<OFErrorMsg> errors, CompletableFuture<BatchResult> result)
            implements Pending {}

    private final OpenFlowTarget target;
    private final Settings settings;
    private final Handler handler;
    private final OFFactory factory = OFFactories.getFactory(OFVersion.OF_14);
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicLong nextXid = new AtomicLong(1);
    private final Selector selector;
    private final Thread thread;

    // Owned by the session thread.
    private volatile ChannelState state = ChannelState.CONNECTING;
    private final Map<Long, Pending> pending = new HashMap<>();
    private final List<Batch> batches = new ArrayList<>();
    private final Queue<ByteBuffer> outbound = new ArrayDeque<>();
    private ByteBuffer inbound = ByteBuffer.allocate(1 << 20);
    private SocketChannel channel;
    private SelectionKey key;
    private long backoffNanos;
    private long nextAttemptNanos;
    private long lastReceivedNanos;
    private long echoSentNanos;
    private boolean failureReported;
    private volatile String lastFailure = "";
    private volatile long datapathId;

    public OpenFlowSession(OpenFlowTarget target, Settings settings, Handler handler) {
        this.target = target;
        this.settings = settings;
        this.handler = handler;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new OpenFlowConnectionException("cannot open a selector: " + e);
        }
        this.thread = Thread.ofPlatform().daemon().name("openflow " + target).unstarted(this::run);
        this.backoffNanos = settings.minimumBackoff().toNanos();
    }

    public void start() {
        thread.start();
    }

    public ChannelState state() {
        return state;
    }

    public OpenFlowTarget target() {
        return target;
    }

    public String lastFailure() {
        return lastFailure;
    }

    public boolean onSessionThread() {
        return Thread.currentThread() == thread;
    }

    public OFFactory factory() {
        return factory;
    }

    /** The datapath id from the last features reply. */
    public long datapathId() {
        return datapathId;
    }

    /**
     * Reserves {@code count} consecutive xids and returns the first. Xids are 32 bits; a range that
     * would wrap starts again from 1 instead, so that a batch's xids always ascend.
     */
    public long reserveXids(int count) {
        while (true) {
            long first = nextXid.get();
            long next = first + count;
            if (next > 0xffffffffL) {
                nextXid.compareAndSet(first, 1);
            } else if (nextXid.compareAndSet(first, next)) {
                return first;
            }
        }
    }

    /** Sends {@code message} and returns the reply with its xid (an error message included). */
    public CompletableFuture<OFMessage> request(OFMessage message) {
        CompletableFuture<OFMessage> reply = new CompletableFuture<>();
        ByteBuffer bytes = encode(List.of(message));
        submit(() -> sendWhenActive(bytes, message.getXid(), new SingleReply(reply), reply));
        return reply;
    }

    /** Sends a multipart request and returns every part of its reply, as raw messages. */
    public CompletableFuture<List<byte[]>> multipart(OFMessage request) {
        CompletableFuture<List<byte[]>> reply = new CompletableFuture<>();
        ByteBuffer bytes = encode(List.of(request));
        submit(
                () ->
                        sendWhenActive(
                                bytes,
                                request.getXid(),
                                new Multipart(reply, new ArrayList<>()),
                                reply));
        return reply;
    }

    /**
     * Sends {@code count} messages, made by {@code message} from their index, whose xids run from
     * {@code first} to {@code last}, the last of them one that is answered (a barrier, a bundle
     * commit) with xid {@code last + 1}; returns the errors the switch sent for any of them and
     * that final reply. Open vSwitch handles messages in order, so every error comes before the
     * final reply.
     *
     * <p>Messages are encoded and written in chunks, so that the switch works on the first ones
     * while the rest are encoded. A chunk whose batch failed meanwhile (a lost connection) is
     * dropped, never written to a new connection.
     */
    public CompletableFuture<BatchResult> batch(
            int count, IntFunction<OFMessage> message, long first, long last) {
        CompletableFuture<BatchResult> result = new CompletableFuture<>();
        Batch batch = new Batch(first, last, new ArrayList<>(), result);
        long replyXid = last + 1;
        submit(() -> register(replyXid, batch, result));
        for (int from = 0; from < count; from += CHUNK) {
            List<OFMessage> chunk = new ArrayList<>(Math.min(CHUNK, count - from));
            for (int i = from; i < Math.min(count, from + CHUNK); i++) {
                chunk.add(message.apply(i));
            }
            ByteBuffer bytes = encode(chunk);
            submit(
                    () -> {
                        if (pending.get(replyXid) == batch) {
                            write(bytes);
                        }
                    });
        }
        return result;
    }

    private void register(long replyXid, Batch batch, CompletableFuture<BatchResult> result) {
        if (state != ChannelState.ACTIVE) {
            result.completeExceptionally(notConnected());
            return;
        }
        pending.put(replyXid, batch);
        batches.add(batch);
    }

    /** Sends a message that expects no reply (packet-out). */
    public void send(OFMessage message) {
        ByteBuffer bytes = encode(List.of(message));
        submit(
                () -> {
                    if (state == ChannelState.ACTIVE) {
                        write(bytes);
                    }
                });
    }

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

    public void reconnect(String why) {
        submit(() -> lose(new IOException(why)));
    }

    // Encoding happens on the caller's thread: the session thread only writes bytes.
    private static ByteBuffer encode(List<OFMessage> messages) {
        ByteBuf buffer = Unpooled.buffer(Math.max(256, messages.size() * 160));
        messages.forEach(message -> message.writeTo(buffer));
        return buffer.nioBuffer();
    }

    private void submit(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    private void sendWhenActive(
            ByteBuffer bytes, long replyXid, Pending waiter, CompletableFuture<?> future) {
        if (state != ChannelState.ACTIVE) {
            future.completeExceptionally(notConnected());
            return;
        }
        pending.put(replyXid, waiter);
        write(bytes);
    }

    private OpenFlowConnectionException notConnected() {
        return new OpenFlowConnectionException(
                "not connected to "
                        + target
                        + " (state "
                        + state
                        + ")"
                        + (lastFailure.isEmpty() ? "" : ": " + lastFailure));
    }

    private void run() {
        connect();
        while (state != ChannelState.CLOSED) {
            try {
                selector.select(millisUntilNextDeadline());
            } catch (IOException | ClosedSelectorException e) {
                log.error("openflow session target={} cannot wait on its selector", target, e);
                closeNow();
                break;
            }
            runTasks();
            if (state == ChannelState.CLOSED) {
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
        if (key == null || !key.isValid() || !selector.selectedKeys().remove(key)) {
            selector.selectedKeys().clear();
            return;
        }
        try {
            if (key.isConnectable()) {
                finishConnect();
            }
            if (key != null && key.isValid() && key.isReadable()) {
                read();
            }
            if (key != null && key.isValid() && key.isWritable()) {
                flush();
            }
        } catch (IOException | ProtocolException e) {
            lose(e);
        }
    }

    // Connecting and the handshake.

    private void connect() {
        moveTo(ChannelState.CONNECTING);
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
        inbound.clear();
        lastReceivedNanos = System.nanoTime();
        echoSentNanos = 0;
        moveTo(ChannelState.AWAITING_HELLO);
        write(encode(List.of(hello())));
    }

    // OpenFlow 1.4 §7.5.1: the version bitmap offers 1.3 and 1.4 (bits 4 and 5).
    private OFHello hello() {
        OFHelloElem bitmap =
                factory.buildHelloElemVersionbitmap()
                        .setBitmaps(List.of(U32.of((1 << 4) | (1 << 5))))
                        .build();
        return factory.buildHello().setXid(reserveXids(1)).setElements(List.of(bitmap)).build();
    }

    private void onHello(OFHello hello) throws ProtocolException {
        if (!offers14(hello)) {
            throw new ProtocolException(
                    "bridge at "
                            + target
                            + " does not speak OpenFlow 1.4 (it offered "
                            + hello.getVersion()
                            + "); set its protocols to OpenFlow13,OpenFlow14");
        }
        moveTo(ChannelState.AWAITING_FEATURES);
        write(encode(List.of(factory.buildFeaturesRequest().setXid(reserveXids(1)).build())));
    }

    private static boolean offers14(OFHello hello) {
        for (OFHelloElem element : hello.getElements()) {
            if (element instanceof OFHelloElemVersionbitmap bitmap
                    && !bitmap.getBitmaps().isEmpty()) {
                return (bitmap.getBitmaps().get(0).getValue() & (1 << 5)) != 0;
            }
        }
        return hello.getVersion().compareTo(OFVersion.OF_14) >= 0;
    }

    private void onFeatures(OFFeaturesReply features) {
        backoffNanos = settings.minimumBackoff().toNanos();
        failureReported = false;
        lastFailure = "";
        datapathId = features.getDatapathId().getLong();
        moveTo(ChannelState.ACTIVE);
        log.info(
                "openflow channel active target={} datapath_id={}",
                target,
                String.format("%016x", datapathId));
        handler.active(datapathId);
    }

    private void lose(Exception cause) {
        if (state == ChannelState.CLOSED) {
            return;
        }
        lastFailure = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        boolean wasActive = state == ChannelState.ACTIVE;
        closeChannel();
        failPending("connection to " + target + " lost: " + lastFailure);
        if (wasActive || !failureReported) {
            log.warn(
                    "openflow connection to target={} failed: {}; retrying in {} ms",
                    target,
                    lastFailure,
                    backoffNanos / 1_000_000);
            failureReported = true;
        } else {
            log.debug("openflow connection to target={} failed again: {}", target, lastFailure);
        }
        nextAttemptNanos = System.nanoTime() + backoffNanos;
        backoffNanos = Math.min(backoffNanos * 2, settings.maximumBackoff().toNanos());
        moveTo(ChannelState.BACKING_OFF);
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
    }

    private void closeNow() {
        if (state == ChannelState.CLOSED) {
            return;
        }
        closeChannel();
        failPending("channel to " + target + " closed");
        moveTo(ChannelState.CLOSED);
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("closing selector of target={}: {}", target, e.toString());
        }
    }

    private void failPending(String why) {
        OpenFlowConnectionException failure = new OpenFlowConnectionException(why);
        for (Pending waiter : pending.values()) {
            switch (waiter) {
                case SingleReply single -> single.reply().completeExceptionally(failure);
                case Multipart multipart -> multipart.reply().completeExceptionally(failure);
                case Batch batch -> batch.result().completeExceptionally(failure);
            }
        }
        pending.clear();
        batches.clear();
    }

    private void moveTo(ChannelState next) {
        if (state != next) {
            state = next;
            handler.stateChanged(next);
        }
    }

    // Timers.

    private long millisUntilNextDeadline() {
        long now = System.nanoTime();
        long deadline;
        if (state == ChannelState.BACKING_OFF) {
            deadline = nextAttemptNanos;
        } else if (channel != null && channel.isConnected()) {
            deadline =
                    (echoSentNanos != 0 ? echoSentNanos : lastReceivedNanos)
                            + settings.probeInterval().toNanos();
        } else {
            return 100;
        }
        return Math.max(1, (deadline - now + 999_999) / 1_000_000);
    }

    private void handleTimers() {
        long now = System.nanoTime();
        if (state == ChannelState.BACKING_OFF && now >= nextAttemptNanos) {
            connect();
            return;
        }
        if (channel == null || !channel.isConnected()) {
            return;
        }
        long probe = settings.probeInterval().toNanos();
        if (echoSentNanos != 0 && now - echoSentNanos >= probe) {
            lose(new IOException("no answer to echo within " + settings.probeInterval()));
        } else if (echoSentNanos == 0 && now - lastReceivedNanos >= probe) {
            echoSentNanos = now;
            write(
                    encode(
                            List.of(
                                    factory.buildEchoRequest()
                                            .setXid(reserveXids(1))
                                            .setData(new byte[0])
                                            .build())));
        }
    }

    // Writing.

    private void write(ByteBuffer bytes) {
        outbound.add(bytes);
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

    private void read() throws IOException, ProtocolException {
        while (channel != null) {
            int count = channel.read(inbound);
            if (count < 0) {
                throw new IOException("switch closed the connection");
            }
            if (count == 0) {
                return;
            }
            lastReceivedNanos = System.nanoTime();
            echoSentNanos = 0;
            SocketChannel current = channel;
            inbound.flip();
            while (current == channel && inbound.remaining() >= HEADER) {
                int length = inbound.getShort(inbound.position() + 2) & 0xffff;
                if (length < HEADER) {
                    throw new ProtocolException(
                            "message with length " + length + " from " + target);
                }
                if (inbound.remaining() < length) {
                    break;
                }
                byte[] message = new byte[length];
                inbound.get(message);
                dispatch(message);
            }
            if (current != channel) {
                return;
            }
            inbound.compact();
            if (!inbound.hasRemaining()) {
                // A message bigger than the buffer: grow to hold it.
                ByteBuffer bigger = ByteBuffer.allocate(inbound.capacity() * 2);
                inbound.flip();
                bigger.put(inbound);
                inbound = bigger;
            }
        }
    }

    private void dispatch(byte[] bytes) throws ProtocolException {
        long xid = ByteBuffer.wrap(bytes, 4, 4).getInt() & 0xffffffffL;
        if ((bytes[1] & 0xff) == MULTIPART_REPLY
                && pending.get(xid) instanceof Multipart multipart) {
            multipart.parts().add(bytes);
            int flags = ByteBuffer.wrap(bytes, 10, 2).getShort() & 0xffff;
            if ((flags & REPLY_MORE) == 0) {
                pending.remove(xid);
                multipart.reply().complete(List.copyOf(multipart.parts()));
            }
            return;
        }
        OFMessage message;
        try {
            message = READER.readFrom(Unpooled.wrappedBuffer(bytes));
        } catch (OFParseError e) {
            log.debug(
                    "openflow message type={} xid={} from target={} not understood: {}",
                    bytes[1],
                    xid,
                    target,
                    e.getMessage());
            return;
        }
        dispatch(message, xid);
    }

    private void dispatch(OFMessage message, long xid) throws ProtocolException {
        OFType type = message.getType();
        if (type == OFType.ECHO_REQUEST) {
            write(
                    encode(
                            List.of(
                                    factory.buildEchoReply()
                                            .setXid(xid)
                                            .setData(
                                                    ((org.projectfloodlight.openflow.protocol
                                                                            .OFEchoRequest)
                                                                    message)
                                                            .getData())
                                            .build())));
            return;
        }
        if (state == ChannelState.AWAITING_HELLO) {
            handshakeMessage(message, type);
            return;
        }
        if (state == ChannelState.AWAITING_FEATURES && type == OFType.FEATURES_REPLY) {
            onFeatures((OFFeaturesReply) message);
            return;
        }
        if (type == OFType.ERROR && collectBatchError((OFErrorMsg) message, xid)) {
            return;
        }
        Pending waiter = pending.remove(xid);
        switch (waiter) {
            case SingleReply single -> single.reply().complete(message);
            case Batch batch -> {
                batches.remove(batch);
                batch.result().complete(new BatchResult(List.copyOf(batch.errors()), message));
            }
            case Multipart multipart -> multipart.reply().complete(List.of());
            case null -> handler.unsolicited(message);
        }
    }

    private void handshakeMessage(OFMessage message, OFType type) throws ProtocolException {
        if (type == OFType.HELLO) {
            onHello((OFHello) message);
        } else if (type == OFType.ERROR) {
            throw new ProtocolException("bridge at " + target + " refused the hello: " + message);
        }
    }

    private boolean collectBatchError(OFErrorMsg error, long xid) {
        for (Batch batch : batches) {
            if (xid >= batch.first() && xid <= batch.last()) {
                batch.errors().add(error);
                return true;
            }
        }
        return false;
    }

    /**
     * The switch broke the protocol, or the handshake cannot succeed; the connection is dropped.
     */
    static final class ProtocolException extends Exception {
        ProtocolException(String message) {
            super(message);
        }
    }
}
