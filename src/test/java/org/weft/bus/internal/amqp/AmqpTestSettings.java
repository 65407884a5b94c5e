package org.weft.bus.internal.amqp;

import java.time.Duration;
import java.util.List;

/** Settings of a bus on a test broker: short waits, so that tests of outages stay short. */
public final class AmqpTestSettings {
    private AmqpTestSettings() {}

    public static AmqpSettings of(int port, String exchange, String party) {
        return new AmqpSettings(
                List.of(new BrokerAddress("127.0.0.1", port, "guest", "guest")),
                "/",
                exchange,
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                Duration.ofMillis(200),
                Duration.ofMillis(200),
                Duration.ofSeconds(1),
                party + "@test");
    }
}
