package org.weft.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.weft.bus.internal.inprocess.InProcessBus;
import org.weft.bus.message.AgentMessages;
import org.weft.bus.message.AgentMessages.AgentState;
import org.weft.bus.message.AgentMessages.AgentStatus;
import org.weft.bus.message.AgentMessages.ReportStateReply;

class StateReporterTest {
    private static final Duration INTERVAL = Duration.ofMillis(100);

    private final InProcessBus bus = new InProcessBus(Duration.ofSeconds(5));
    private final BlockingQueue<AgentState> reports = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> resyncs = new LinkedBlockingQueue<>();
    private final AtomicReference<AgentStatus> answer = new AtomicReference<>(AgentStatus.ALIVE);
    private final AtomicBoolean reviveOnce = new AtomicBoolean();
    private StateReporter reporter;

    @AfterEach
    void stop() {
        if (reporter != null) {
            reporter.close();
        }
        bus.close();
    }

    @Test
    void onlyTheFirstAnsweredReportCarriesTheStartFlag() throws Exception {
        serve();
        reporter = StateReporter.start(bus, StateReporterTest::state, INTERVAL, resyncs::add);

        assertThat(next().startFlag()).isTrue();
        assertThat(next().startFlag()).isFalse();
        assertThat(next().startFlag()).isFalse();
    }

    @Test
    void startFlagIsKeptUntilAServerAnswers() throws Exception {
        reporter = StateReporter.start(bus, StateReporterTest::state, INTERVAL, resyncs::add);
        Thread.sleep(3 * INTERVAL.toMillis());

        serve();

        assertThat(next().startFlag()).isTrue();
    }

    @Test
    void serverThatCountedTheAgentDownAsksForAResync() throws Exception {
        serve();
        reporter = StateReporter.start(bus, StateReporterTest::state, INTERVAL, resyncs::add);
        next();

        answer.set(AgentStatus.REVIVED);

        assertThat(resyncs.poll(15, TimeUnit.SECONDS)).contains("counted this agent down");
    }

    @Test
    void resyncThatFailedIsTriedAgainAfterTheNextAnsweredReport() throws Exception {
        serve();
        AtomicInteger attempts = new AtomicInteger();
        reporter =
                StateReporter.start(
                        bus,
                        StateReporterTest::state,
                        INTERVAL,
                        reason -> {
                            if (attempts.incrementAndGet() == 1) {
                                throw new IllegalStateException("the server is not there yet");
                            }
                            resyncs.add(reason);
                        });
        next();

        reviveOnce.set(true);

        assertThat(resyncs.poll(15, TimeUnit.SECONDS)).contains("counted this agent down");
        assertThat(attempts.get()).isEqualTo(2);
    }

    private void serve() {
        bus.subscribe(
                Handlers.forTopic(Topics.REPORTS)
                        .on(
                                Topics.REPORT_STATE,
                                state -> {
                                    reports.add(state);
                                    return new ReportStateReply(
                                            reviveOnce.getAndSet(false)
                                                    ? AgentStatus.REVIVED
                                                    : answer.get());
                                })
                        .build());
    }

    private AgentState next() throws InterruptedException {
        AgentState state = reports.poll(15, TimeUnit.SECONDS);
        assertThat(state).as("a report within 15 s").isNotNull();
        return state;
    }

    private static AgentState state() {
        return new AgentState(
                AgentMessages.L3_AGENT,
                "weft-l3-agent",
                "network",
                "l3_agent",
                Map.of("routers", 0),
                false,
                "nova");
    }
}
