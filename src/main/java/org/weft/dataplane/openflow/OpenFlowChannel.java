package org.weft.dataplane.openflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlMsg;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlType;
import org.projectfloodlight.openflow.protocol.OFBundleFlags;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFPortStatsEntry;
import org.projectfloodlight.openflow.protocol.OFPortStatsReply;
import org.projectfloodlight.openflow.types.BundleId;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.openflow.OpenFlowErrorException.SwitchError;
import org.weft.dataplane.openflow.internal.FlowEncoder;
import org.weft.dataplane.openflow.internal.FlowStatsDecoder;
import org.weft.dataplane.openflow.internal.OpenFlowSession;

/**
 * An OpenFlow 1.4 channel to one bridge: flow-mods with a barrier, atomic bundles, flow and port
 * statistics, packet-out. The session behind it reconnects by itself; listeners hear when it is
 * active again, which is when an owner of flows resyncs them (a restarted ovs-vswitchd has lost
 * them).
 *
 * <p>Calls block the calling thread until the switch has answered; they must not be made from a
 * listener.
 *
 * <p>Messages the switch sends on its own (packet-in, port status, flow removed) are logged at
 * DEBUG and not passed on: no agent's pipeline sends packets to the controller, and port changes
 * come from the OVSDB monitor.
 */
public final class OpenFlowChannel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpenFlowChannel.class);
    private static final Set<OFBundleFlags> ATOMIC_ORDERED =
            Set.of(OFBundleFlags.ATOMIC, OFBundleFlags.ORDERED);

    private final OpenFlowSession session;
    private final FlowEncoder encoder = new FlowEncoder();
    private final OFFactory factory = encoder.factory();
    private final Duration requestTimeout;
    private final List<OpenFlowListener> listeners = new CopyOnWriteArrayList<>();
    private final Object stateLock = new Object();
    private final AtomicInteger bundles = new AtomicInteger(1);

    private OpenFlowChannel(Builder builder) {
        this.requestTimeout = builder.requestTimeout;
        this.listeners.addAll(builder.listeners);
        this.session = new OpenFlowSession(builder.target, builder.settings(), new Handler());
    }

    public static Builder builder(OpenFlowTarget target) {
        return new Builder(target);
    }

    /** Connects to {@code target} and waits until the handshake is done. */
    public static OpenFlowChannel connect(OpenFlowTarget target) {
        return builder(target).connect();
    }

    public OpenFlowTarget target() {
        return session.target();
    }

    public ChannelState state() {
        return session.state();
    }

    /** The bridge's datapath id, from the last handshake. */
    public long datapathId() {
        return session.datapathId();
    }

    public void addListener(OpenFlowListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(OpenFlowListener listener) {
        listeners.remove(listener);
    }

    /**
     * Sends {@code changes} as flow-mods followed by a barrier and waits for it; if the switch
     * refused any of them, throws naming each refused change. The others are applied.
     */
    public void apply(List<FlowChange> changes) {
        int count = changes.size();
        long first = session.reserveXids(count + 1);
        IntFunction<OFMessage> message =
                i ->
                        i < count
                                ? encoder.flowMod(changes.get(i), first + i)
                                : factory.buildBarrierRequest().setXid(first + count).build();
        OpenFlowSession.BatchResult result =
                await(session.batch(count + 1, message, first, first + count - 1), "flow-mods");
        if (!result.errors().isEmpty()) {
            throw new OpenFlowErrorException(
                    count + " flow-mods on " + target(),
                    switchErrors(result.errors(), first, changes, 0));
        }
    }

    /**
     * Applies {@code changes} in one atomic, ordered bundle (OpenFlow 1.4 §7.3.9): all of them or
     * none. The bundle is opened and filled, a barrier proves every message was accepted, and only
     * then is it committed; a refused message makes it discarded instead.
     */
    public void applyAtomically(List<FlowChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        BundleId bundle = BundleId.of(bundles.getAndIncrement());
        int count = changes.size();
        long first = session.reserveXids(count + 3);
        long barrier = first + count + 1;

        IntFunction<OFMessage> filling =
                i -> {
                    if (i == 0) {
                        return control(bundle, OFBundleCtrlType.OPEN_REQUEST, first);
                    }
                    if (i == count + 1) {
                        return factory.buildBarrierRequest().setXid(barrier).build();
                    }
                    long xid = first + i;
                    return factory.buildBundleAddMsg()
                            .setXid(xid)
                            .setBundleId(bundle)
                            .setFlags(ATOMIC_ORDERED)
                            .setData(encoder.flowMod(changes.get(i - 1), xid))
                            .build();
                };
        OpenFlowSession.BatchResult filled =
                await(session.batch(count + 2, filling, first, barrier - 1), "bundle");
        if (!filled.errors().isEmpty()) {
            discard(bundle);
            throw new BundleFailedException(
                    "bundle of "
                            + count
                            + " flow-mods on "
                            + target()
                            + " (discarded, nothing applied)",
                    switchErrors(filled.errors(), first + 1, changes, 1));
        }

        OFMessage commit = control(bundle, OFBundleCtrlType.COMMIT_REQUEST, barrier + 1);
        OpenFlowSession.BatchResult committed =
                await(session.batch(1, i -> commit, first, barrier), "bundle commit");
        List<OFErrorMsg> errors = new ArrayList<>(committed.errors());
        if (committed.finalReply() instanceof OFErrorMsg error) {
            errors.add(error);
        }
        if (!errors.isEmpty()) {
            throw new BundleFailedException(
                    "commit of a bundle of "
                            + count
                            + " flow-mods on "
                            + target()
                            + " (nothing applied)",
                    switchErrors(errors, first + 1, changes, 1));
        }
        log.debug("bundle committed flow_mods={} target={}", count, target());
    }

    private OFBundleCtrlMsg control(BundleId bundle, OFBundleCtrlType type, long xid) {
        return factory.buildBundleCtrlMsg()
                .setXid(xid)
                .setBundleId(bundle)
                .setBundleCtrlType(type)
                .setFlags(ATOMIC_ORDERED)
                .setProperties(List.of())
                .build();
    }

    private void discard(BundleId bundle) {
        OFMessage reply =
                await(
                        session.request(
                                control(
                                        bundle,
                                        OFBundleCtrlType.DISCARD_REQUEST,
                                        session.reserveXids(1))),
                        "bundle discard");
        if (reply instanceof OFErrorMsg error) {
            log.warn("bundle discard refused target={}: {}", target(), error);
        }
    }

    /** Waits until the switch has handled everything sent before. */
    public void barrier() {
        OFMessage reply =
                await(
                        session.request(
                                factory.buildBarrierRequest()
                                        .setXid(session.reserveXids(1))
                                        .build()),
                        "barrier");
        if (reply instanceof OFErrorMsg error) {
            throw new OpenFlowErrorException(
                    "barrier on " + target(), List.of(switchError(error, "barrier")));
        }
    }

    /** Round trip to the switch. */
    public void echo() {
        await(
                session.request(
                        factory.buildEchoRequest()
                                .setXid(session.reserveXids(1))
                                .setData(new byte[0])
                                .build()),
                "echo");
    }

    /** The flows of every table whose cookie {@code cookies} selects. */
    public List<InstalledFlow> flows(CookieMask cookies) {
        return flows(TableId.ALL, cookies);
    }

    public List<InstalledFlow> flows(int table, CookieMask cookies) {
        return flows(TableId.of(table), cookies);
    }

    private List<InstalledFlow> flows(TableId table, CookieMask cookies) {
        OFMessage request =
                factory.buildFlowStatsRequest()
                        .setXid(session.reserveXids(1))
                        .setTableId(table)
                        .setOutPort(OFPort.ANY)
                        .setOutGroup(OFGroup.ANY)
                        .setCookie(U64.of(cookies.cookie()))
                        .setCookieMask(U64.of(cookies.mask()))
                        .setMatch(encoder.match(Match.all()))
                        .build();
        return FlowStatsDecoder.decode(await(session.multipart(request), "flow statistics"));
    }

    /** The counters of every port of the bridge. */
    public List<PortStatistics> portStatistics() {
        OFMessage request =
                factory.buildPortStatsRequest()
                        .setXid(session.reserveXids(1))
                        .setPortNo(OFPort.ANY)
                        .build();
        List<PortStatistics> statistics = new ArrayList<>();
        for (byte[] part : await(session.multipart(request), "port statistics")) {
            OFPortStatsReply reply = (OFPortStatsReply) read(part);
            for (OFPortStatsEntry entry : reply.getEntries()) {
                statistics.add(
                        new PortStatistics(
                                new OfPort(entry.getPortNo().getPortNumber()),
                                entry.getRxPackets().getValue(),
                                entry.getTxPackets().getValue(),
                                entry.getRxBytes().getValue(),
                                entry.getTxBytes().getValue(),
                                entry.getRxDropped().getValue(),
                                entry.getTxDropped().getValue(),
                                entry.getRxErrors().getValue(),
                                entry.getTxErrors().getValue()));
            }
        }
        return statistics;
    }

    /** The ports of the bridge, with their OpenFlow numbers and names. */
    public List<PortDescription> ports() {
        OFMessage request =
                factory.buildPortDescStatsRequest().setXid(session.reserveXids(1)).build();
        List<PortDescription> ports = new ArrayList<>();
        for (byte[] part : await(session.multipart(request), "port descriptions")) {
            for (OFPortDesc port : ((OFPortDescStatsReply) read(part)).getEntries()) {
                ports.add(
                        new PortDescription(
                                new OfPort(port.getPortNo().getPortNumber()),
                                port.getName(),
                                port.getHwAddr().toString(),
                                !port.getState().contains(OFPortState.LINK_DOWN)));
            }
        }
        return ports;
    }

    /**
     * Sends {@code frame} into the switch as if it came from {@code inPort} and applies {@code
     * actions} to it; {@code output(OfPort.TABLE)} sends it through the flow tables.
     */
    public void packetOut(byte[] frame, OfPort inPort, List<Action> actions) {
        session.send(
                factory.buildPacketOut()
                        .setXid(session.reserveXids(1))
                        .setBufferId(OFBufferId.NO_BUFFER)
                        .setInPort(OFPort.ofInt(inPort.number()))
                        .setActions(encoder.actions(actions))
                        .setData(frame)
                        .build());
    }

    /**
     * The instructions of {@code flow} as this channel encodes them, to compare with installed
     * ones.
     */
    byte[] encodedInstructions(Flow flow) {
        return encoder.instructionBytes(flow);
    }

    /** Waits until the channel is active, at most {@code limit}. */
    public void awaitActive(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (stateLock) {
            while (session.state() != ChannelState.ACTIVE) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || session.state() == ChannelState.CLOSED) {
                    throw new OpenFlowConnectionException(
                            "no OpenFlow channel to "
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
                    throw new OpenFlowConnectionException("interrupted waiting for " + target());
                }
            }
        }
    }

    /** Drops the connection as if it were lost; the session reconnects. */
    public void reconnect() {
        session.reconnect("reconnect asked by the channel's owner");
    }

    @Override
    public void close() {
        session.close();
    }

    private static OFMessage read(byte[] message) {
        try {
            return OFFactories.getGenericReader()
                    .readFrom(io.netty.buffer.Unpooled.wrappedBuffer(message));
        } catch (org.projectfloodlight.openflow.exceptions.OFParseError e) {
            throw new OpenFlowException("reply not understood: " + e.getMessage());
        }
    }

    private <T> T await(CompletableFuture<T> reply, String what) {
        if (session.onSessionThread()) {
            throw new IllegalStateException(what + " would block the OpenFlow session thread");
        }
        try {
            return reply.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new OpenFlowConnectionException(
                    what + " on " + target() + " got no reply within " + requestTimeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OpenFlowException failure) {
                throw failure;
            }
            throw new OpenFlowException(what + " on " + target() + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenFlowConnectionException("interrupted waiting for " + what);
        }
    }

    /** The errors of a batch, each with the change whose xid it carries. */
    private static List<SwitchError> switchErrors(
            List<OFErrorMsg> errors,
            long firstChangeXid,
            List<FlowChange> changes,
            int controlMessagesBefore) {
        List<SwitchError> described = new ArrayList<>();
        for (OFErrorMsg error : errors) {
            long index = error.getXid() - firstChangeXid;
            String request =
                    index >= 0 && index < changes.size()
                            ? describe(changes.get((int) index))
                            : controlMessagesBefore > 0 && index < 0
                                    ? "bundle open"
                                    : "bundle commit";
            described.add(switchError(error, request));
        }
        return described;
    }

    static SwitchError switchError(OFErrorMsg error, String request) {
        return new SwitchError(error.getErrType().toString(), errorCode(error), request);
    }

    // Every typed error message interface of openflowj has getCode(); the generic one does not,
    // and the implementing classes are not public.
    private static String errorCode(OFErrorMsg error) {
        for (Class<?> type : error.getClass().getInterfaces()) {
            try {
                return String.valueOf(type.getMethod("getCode").invoke(error));
            } catch (ReflectiveOperationException e) {
                log.trace("{} has no getCode: {}", type, e.toString());
            }
        }
        return "code unknown";
    }

    private static String describe(FlowChange change) {
        return switch (change) {
            case FlowChange.Add add -> "add " + add.flow();
            case FlowChange.Modify modify -> "modify " + modify.flow();
            case FlowChange.Remove remove -> "remove " + remove.key();
            case FlowChange.RemoveMatching remove ->
                    "remove " + remove.match() + " " + remove.cookies();
        };
    }

    /** The channel's side of the session; runs on the session thread. */
    private final class Handler implements OpenFlowSession.Handler {
        @Override
        public void stateChanged(ChannelState state) {
            synchronized (stateLock) {
                stateLock.notifyAll();
            }
            listeners.forEach(listener -> call(() -> listener.stateChanged(state)));
        }

        @Override
        public void active(long id) {
            listeners.forEach(listener -> call(() -> listener.connected(id)));
        }

        @Override
        public void unsolicited(OFMessage message) {
            if (message instanceof OFErrorMsg error) {
                log.warn(
                        "openflow error without a request target={} xid={}: {}",
                        target(),
                        error.getXid(),
                        error);
            } else {
                log.debug("openflow message type={} target={}", message.getType(), target());
            }
        }

        private void call(Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                log.error("openflow listener failed target={}", target(), e);
            }
        }
    }

    /** Settings of an {@link OpenFlowChannel} before it connects. */
    public static final class Builder {
        private final OpenFlowTarget target;
        private final List<OpenFlowListener> listeners = new ArrayList<>();
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration probeInterval = OpenFlowSession.Settings.DEFAULT.probeInterval();
        private Duration minimumBackoff = OpenFlowSession.Settings.DEFAULT.minimumBackoff();
        private Duration maximumBackoff = OpenFlowSession.Settings.DEFAULT.maximumBackoff();

        private Builder(OpenFlowTarget target) {
            this.target = Objects.requireNonNull(target);
        }

        public Builder listener(OpenFlowListener listener) {
            listeners.add(listener);
            return this;
        }

        public Builder requestTimeout(Duration limit) {
            this.requestTimeout = limit;
            return this;
        }

        public Builder probeInterval(Duration interval) {
            this.probeInterval = interval;
            return this;
        }

        public Builder backoff(Duration min, Duration max) {
            this.minimumBackoff = min;
            this.maximumBackoff = max;
            return this;
        }

        private OpenFlowSession.Settings settings() {
            return new OpenFlowSession.Settings(probeInterval, minimumBackoff, maximumBackoff);
        }

        /** Starts the channel without waiting; it connects and reconnects by itself. */
        public OpenFlowChannel start() {
            OpenFlowChannel channel = new OpenFlowChannel(this);
            channel.session.start();
            return channel;
        }

        public OpenFlowChannel connect(Duration limit) {
            OpenFlowChannel channel = start();
            try {
                channel.awaitActive(limit);
            } catch (OpenFlowConnectionException e) {
                channel.close();
                throw e;
            }
            return channel;
        }

        public OpenFlowChannel connect() {
            return connect(Duration.ofSeconds(30));
        }
    }
}
