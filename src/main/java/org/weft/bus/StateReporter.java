package org.weft.bus;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.message.AgentMessages.AgentState;
import org.weft.bus.message.AgentMessages.AgentStatus;
import org.weft.bus.message.AgentMessages.ReportStateReply;

/**
 * An agent's heartbeat: {@code report_state} every {@code report_interval}, with {@code start_flag}
 * on the first report that reaches the server. It tells the agent to resync in full when what it
 * was told may have been lost: when the bus has its broker back after an outage, and when the
 * server answers that it had counted the agent down ({@link AgentStatus#REVIVED}).
 *
 * <p>Heartbeats that get no reply are logged once per run of failures (WARN), and once when they
 * reach the server again (INFO).
 */
public final class StateReporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StateReporter.class);
    private static final Duration MIN_WAIT = Duration.ofSeconds(5);

    /** What the agent does when it must resync; called on the reporter's own thread. */
    @FunctionalInterface
    public interface ResyncNeeded {
        void resync(String reason);
    }

    private final Bus bus;
    private final Supplier<AgentState> state;
    private final Duration interval;
    private final ResyncNeeded resync;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("state-reporter").factory());
    private boolean started;
    private boolean failing;
    private String pendingResync;

    private StateReporter(
            Bus bus, Supplier<AgentState> state, Duration interval, ResyncNeeded resync) {
        this.bus = bus;
        this.state = state;
        this.interval = interval;
        this.resync = resync;
    }

    /**
     * Starts reporting at once and then every {@code interval}. {@code state} gives the agent's
     * current state (its configurations change as it works); its start flag is set here.
     */
    public static StateReporter start(
            Bus bus, Supplier<AgentState> state, Duration interval, ResyncNeeded resync) {
        StateReporter reporter =
                new StateReporter(
                        bus,
                        Objects.requireNonNull(state),
                        interval,
                        Objects.requireNonNull(resync));
        bus.addConnectionListener(
                new ConnectionListener() {
                    @Override
                    public void connectionRestored(Duration outage) {
                        try {
                            reporter.timer.execute(
                                    () -> reporter.resyncSafely("broker connection restored"));
                        } catch (RejectedExecutionException e) {
                            log.debug("reporter closed, no resync after the outage");
                        }
                    }
                });
        reporter.timer.scheduleWithFixedDelay(
                reporter::report, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return reporter;
    }

    /** Runs on the timer thread only. */
    private void report() {
        AgentState current = withStartFlag(state.get(), !started);
        ReportStateReply reply;
        try {
            // A heartbeat much older than its interval says little any more: wait no longer
            // than the interval, but give a busy server a few seconds even on short intervals.
            reply = bus.call(Topics.REPORT_STATE, current, max(interval, MIN_WAIT));
        } catch (BusException e) {
            if (!failing) {
                log.warn(
                        "heartbeat not answered, will keep trying agent_type={} host={}: {}",
                        current.agentType(),
                        current.host(),
                        e.getMessage());
                failing = true;
            }
            return;
        } catch (RuntimeException e) {
            log.warn(
                    "heartbeat failed agent_type={} host={}",
                    current.agentType(),
                    current.host(),
                    e);
            return;
        }
        if (failing) {
            log.info(
                    "heartbeat answered again agent_type={} host={}",
                    current.agentType(),
                    current.host());
            failing = false;
        }
        started = true;
        if (reply.status() == AgentStatus.REVIVED) {
            resyncSafely("the server had counted this agent down");
        } else if (pendingResync != null) {
            resyncSafely(pendingResync);
        }
    }

    /**
     * A resync that fails (the server's own link may come back after this agent's) is tried again
     * after the next answered heartbeat.
     */
    private void resyncSafely(String reason) {
        pendingResync = null;
        try {
            resync.resync(reason);
        } catch (RuntimeException e) {
            pendingResync = reason;
            log.warn("resync failed, tried again after the next answered heartbeat: {}", reason, e);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static AgentState withStartFlag(AgentState state, boolean startFlag) {
        return new AgentState(
                state.agentType(),
                state.binary(),
                state.host(),
                state.topic(),
                state.configurations(),
                startFlag,
                state.availabilityZone());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
