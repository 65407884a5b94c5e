package org.weft.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.weft.bus.message.AgentMessages.AgentState;
import org.weft.bus.message.AgentMessages.AgentStatus;
import org.weft.bus.message.AgentMessages.ReportStateReply;

/**
 * What every bus implementation must do, run once per implementation by a subclass that says how to
 * make a bus for one party of a test (server, agent…) and how to put raw bytes on the wire. All
 * parties of one test share one fabric; tests do not see each other's messages.
 */
public abstract class BusContractTest {
    protected static final Topic TOPIC = new Topic("contract");
    protected static final RpcMethod<Echo, Echo> ECHO =
            RpcMethod.of(TOPIC, "echo", "1.0", Echo.class, Echo.class);
    protected static final RpcMethod<Echo, Echo> SLOW =
            RpcMethod.of(TOPIC, "slow", "1.0", Echo.class, Echo.class);
    protected static final RpcMethod<Echo, Echo> UNSERVED =
            RpcMethod.of(TOPIC, "unserved", "1.0", Echo.class, Echo.class);
    protected static final CastMethod<Echo> NOTE = CastMethod.of(TOPIC, "note", "1.0", Echo.class);
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** The payload of the test methods. */
    public record Echo(String text, int number) {}

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    /** The bus of {@code party}; the same party gets the same bus within a test. */
    protected abstract Bus bus(String party);

    /** Puts {@code bytes} on the wire as a cast to {@code topic}, as a broken peer would. */
    protected abstract void sendRawCast(Topic topic, byte[] bytes);

    /** Puts {@code bytes} on the wire as a fanout to {@code topic}. */
    protected abstract void sendRawFanout(Topic topic, byte[] bytes);

    /** Closes every party's bus. */
    protected abstract void closeAll();

    @AfterEach
    void closeSubscriptionsAndBuses() {
        subscriptions.forEach(Subscription::close);
        closeAll();
    }

    @Test
    void callReturnsTheReplyOfTheTopicsServer() {
        serveEcho("server");

        Echo reply = bus("agent").call(ECHO, new Echo("hello", 41), WAIT);

        assertThat(reply).isEqualTo(new Echo("hello from server", 42));
    }

    @Test
    void realMessagesSurviveTheTrip() {
        subscribe(
                "server",
                Handlers.forTopic(Topics.REPORTS)
                        .on(
                                Topics.REPORT_STATE,
                                state ->
                                        new ReportStateReply(
                                                state.startFlag()
                                                        ? AgentStatus.NEW
                                                        : AgentStatus.ALIVE))
                        .build(),
                null);
        AgentState state =
                new AgentState(
                        "DHCP agent",
                        "weft-dhcp-agent",
                        "network",
                        "dhcp_agent",
                        Map.of("networks", 3),
                        true,
                        "nova");

        ReportStateReply reply = bus("agent").call(Topics.REPORT_STATE, state, WAIT);

        assertThat(reply.status()).isEqualTo(AgentStatus.NEW);
    }

    @Test
    void callsFromManyThreadsEachGetTheirOwnReply() throws Exception {
        serveEcho("server");
        Bus agent = bus("agent");
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<Echo>> replies = new ArrayList<>();
            for (int i = 0; i < 160; i++) {
                int number = i;
                replies.add(callers.submit(() -> agent.call(ECHO, new Echo("n", number), WAIT)));
            }
            for (int i = 0; i < replies.size(); i++) {
                assertThat(replies.get(i).get().number()).isEqualTo(i + 1);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void castReachesExactlyOneListenerOfTheTopic() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        listenForNotes("server-a", null, note -> received.add("a:" + note.number()));
        listenForNotes("server-b", null, note -> received.add("b:" + note.number()));

        for (int i = 0; i < 20; i++) {
            bus("agent").cast(NOTE, new Echo("cast", i));
        }

        List<String> numbers = take(received, 20);
        assertThat(numbers.stream().map(entry -> entry.substring(2))).doesNotHaveDuplicates();
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void castToAHostReachesOnlyThatHostsListener() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        listenForNotes("compute1", "compute1", note -> received.add("compute1:" + note.text()));
        listenForNotes("compute2", "compute2", note -> received.add("compute2:" + note.text()));

        bus("server").cast(NOTE, "compute2", new Echo("for compute2", 0));
        bus("server").cast(NOTE, "compute1", new Echo("for compute1", 0));

        assertThat(take(received, 2))
                .containsExactlyInAnyOrder("compute2:for compute2", "compute1:for compute1");
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void fanoutReachesEveryListener() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        for (String agent : List.of("agent-1", "agent-2", "agent-3")) {
            listenForNotes(agent, agent, note -> received.add(agent + ":" + note.text()));
        }

        bus("server").fanout(NOTE, new Echo("port changed", 7));

        assertThat(take(received, 3))
                .containsExactlyInAnyOrder(
                        "agent-1:port changed", "agent-2:port changed", "agent-3:port changed");
    }

    @Test
    void oneWayMessagesReachAListenerInTheOrderSent() throws Exception {
        BlockingQueue<Integer> received = new LinkedBlockingQueue<>();
        listenForNotes("agent", null, note -> received.add(note.number()));

        for (int i = 0; i < 100; i++) {
            bus("server").fanout(NOTE, new Echo("seq", i));
        }

        List<Integer> numbers = take(received, 100);
        assertThat(numbers).isSorted().hasSize(100);
    }

    @Test
    void callNobodyServesTimesOutNamingTopicAndMethod() {
        assertThatThrownBy(
                        () ->
                                bus("agent")
                                        .call(
                                                UNSERVED,
                                                new Echo("anyone?", 0),
                                                Duration.ofMillis(500)))
                .isInstanceOf(RpcTimeoutException.class)
                .hasMessageContaining("contract.unserved")
                .hasMessageContaining("0.5 s");
    }

    @Test
    void callToASlowServerTimesOut() {
        subscribe(
                "server",
                Handlers.forTopic(TOPIC)
                        .on(
                                SLOW,
                                request -> {
                                    Thread.sleep(2_000);
                                    return request;
                                })
                        .build(),
                null);

        assertThatThrownBy(
                        () -> bus("agent").call(SLOW, new Echo("late", 0), Duration.ofMillis(300)))
                .isInstanceOf(RpcTimeoutException.class)
                .hasMessageContaining("contract.slow");
    }

    @Test
    void failingHandlerReachesTheCallerWithItsMessage() {
        subscribe(
                "server",
                Handlers.forTopic(TOPIC)
                        .on(
                                ECHO,
                                request -> {
                                    throw new IllegalStateException("port 42 not found");
                                })
                        .build(),
                null);

        assertThatThrownBy(() -> bus("agent").call(ECHO, new Echo("x", 0), WAIT))
                .isInstanceOf(RemoteCallException.class)
                .hasMessageContaining("contract.echo")
                .hasMessageContaining("IllegalStateException: port 42 not found");
    }

    @Test
    void callOfAMethodTheServerLacksFailsAtOnce() {
        serveEcho("server");

        assertThatThrownBy(() -> bus("agent").call(UNSERVED, new Echo("x", 0), WAIT))
                .isInstanceOf(RemoteCallException.class)
                .satisfies(
                        e ->
                                assertThat(((RemoteCallException) e).remoteType())
                                        .isEqualTo("UnknownMethod"));
    }

    @Test
    void malformedMessagesAreDroppedAndTheListenerGoesOn() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        subscribe(
                "agent",
                Handlers.forTopic(TOPIC)
                        .on(NOTE, note -> received.add(note.text()))
                        .on(ECHO, request -> new Echo(request.text(), request.number() + 1))
                        .build(),
                null);

        for (String garbage : malformedMessages()) {
            sendRawCast(TOPIC, garbage.getBytes(StandardCharsets.UTF_8));
            sendRawFanout(TOPIC, garbage.getBytes(StandardCharsets.UTF_8));
        }
        bus("server").fanout(NOTE, new Echo("still here", 0));

        assertThat(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("still here");
        assertThat(bus("server").call(ECHO, new Echo("and", 1), WAIT).number()).isEqualTo(2);
    }

    @Test
    void unknownFieldsOfANewerPeerAreIgnored() throws Exception {
        BlockingQueue<Echo> received = new LinkedBlockingQueue<>();
        listenForNotes("agent", null, received::add);

        sendRawFanout(
                TOPIC,
                """
                {"version": "1.7", "topic": "contract", "method": "note", "trace": "abc",
                 "body": {"text": "newer", "number": 3, "colour": "blue"}}
                """
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .isEqualTo(new Echo("newer", 3));
    }

    @Test
    void closedSubscriptionReceivesNothingMore() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        Subscription first = listenForNotes("agent", null, note -> received.add("first"));
        listenForNotes("other", null, note -> received.add("other"));

        first.close();
        bus("server").fanout(NOTE, new Echo("after close", 0));

        assertThat(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("other");
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    /** Messages a broken or hostile peer might send, each of which must be dropped. */
    private static List<String> malformedMessages() {
        return List.of(
                "not json at all",
                "[1, 2, 3]",
                "{\"version\": \"1.0\", \"topic\": \"contract\"}",
                "{\"version\": \"1.0\", \"topic\": \"contract\", \"method\": \"note\"}",
                "{\"version\": \"x.y\", \"topic\": \"contract\", \"method\": \"note\", \"body\":"
                        + " {}}",
                "{\"version\": \"2.0\", \"topic\": \"contract\", \"method\": \"note\", \"body\":"
                        + " {}}",
                "{\"version\": \"1.0\", \"topic\": \"contract\", \"method\": \"nope\", \"body\":"
                        + " {}}",
                "{\"version\": \"1.0\", \"topic\": \"contract\", \"method\": \"note\","
                        + " \"body\": {\"number\": \"not a number\"}}");
    }

    private void serveEcho(String party) {
        subscribe(
                party,
                Handlers.forTopic(TOPIC)
                        .on(
                                ECHO,
                                request ->
                                        new Echo(
                                                request.text() + " from " + party,
                                                request.number() + 1))
                        .build(),
                null);
    }

    private Subscription listenForNotes(
            String party, String host, Handlers.CastHandler<Echo> handler) {
        return subscribe(party, Handlers.forTopic(TOPIC).on(NOTE, handler).build(), host);
    }

    private Subscription subscribe(String party, Handlers handlers, String host) {
        Subscription subscription =
                host == null
                        ? bus(party).subscribe(handlers)
                        : bus(party).subscribe(handlers, host);
        subscriptions.add(subscription);
        return subscription;
    }

    private static <T> List<T> take(BlockingQueue<T> queue, int count) throws InterruptedException {
        List<T> taken = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (taken.size() < count) {
            T next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(next).as("message %d of %d", taken.size() + 1, count).isNotNull();
            taken.add(next);
        }
        return taken;
    }
}
