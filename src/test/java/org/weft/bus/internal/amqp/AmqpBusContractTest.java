package org.weft.bus.internal.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.bus.Bus;
import org.weft.bus.BusContractTest;
import org.weft.bus.RpcTimeoutException;
import org.weft.bus.Topic;
import org.weft.bus.rabbit.RabbitMqServer;
import org.weft.bus.rabbit.TestBrokers;

/**
 * The bus contract on a real RabbitMQ broker: one broker for the class, one connection per party,
 * an exchange of its own per test.
 */
@Tag("broker")
class AmqpBusContractTest extends BusContractTest {
    private static final AtomicInteger TESTS = new AtomicInteger();
    private static RabbitMqServer broker;

    private final String exchange = "wbus-contract-" + TESTS.incrementAndGet();
    private final Map<String, AmqpBus> buses = new ConcurrentHashMap<>();
    private Connection raw;

    @BeforeAll
    static void startBroker() {
        broker = TestBrokers.start("contract", TestBrokers.CONTRACT_TEST);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
    }

    @Override
    protected Bus bus(String party) {
        return buses.computeIfAbsent(
                party,
                name -> {
                    AmqpBus bus = AmqpBus.start(settings(name));
                    assertThat(bus.awaitConnected(Duration.ofSeconds(20))).isTrue();
                    return bus;
                });
    }

    private AmqpSettings settings(String party) {
        return AmqpTestSettings.of(
                TestBrokers.amqpPort(TestBrokers.CONTRACT_TEST), exchange, party);
    }

    @Override
    protected void sendRawCast(Topic topic, byte[] bytes) {
        publishRaw(exchange, topic.name(), bytes);
    }

    @Override
    protected void sendRawFanout(Topic topic, byte[] bytes) {
        publishRaw(exchange + "." + topic.name() + "_fanout", "", bytes);
    }

    private void publishRaw(String toExchange, String key, byte[] bytes) {
        try {
            if (raw == null) {
                ConnectionFactory factory = new ConnectionFactory();
                factory.setHost("127.0.0.1");
                factory.setPort(TestBrokers.amqpPort(TestBrokers.CONTRACT_TEST));
                raw = factory.newConnection("raw@test");
            }
            try (Channel channel = raw.createChannel()) {
                channel.basicPublish(toExchange, key, null, bytes);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish raw bytes: " + e, e);
        }
    }

    @Test
    void refusedLoginIsExplainedToTheCaller() {
        AmqpSettings good = settings("refused");
        AmqpSettings wrongPassword =
                new AmqpSettings(
                        List.of(
                                new BrokerAddress(
                                        "127.0.0.1",
                                        good.brokers().get(0).port(),
                                        "guest",
                                        "wrong")),
                        good.virtualHost(),
                        good.exchange(),
                        good.rpcTimeout(),
                        good.heartbeat(),
                        good.retryInterval(),
                        good.retryBackoff(),
                        good.retryMax(),
                        good.connectionName());
        AmqpBus refused = AmqpBus.start(wrongPassword);
        buses.put("refused", refused);

        assertThatThrownBy(() -> refused.call(ECHO, new Echo("x", 0), Duration.ofSeconds(2)))
                .isInstanceOf(RpcTimeoutException.class)
                .hasMessageContaining("ACCESS_REFUSED")
                .hasMessageContaining("loopback_users = none");
    }

    @Override
    protected void closeAll() {
        buses.values().forEach(AmqpBus::close);
        if (raw != null) {
            try {
                raw.close();
            } catch (Exception e) {
                // The broker may be gone already at the end of the class.
            }
        }
    }
}
