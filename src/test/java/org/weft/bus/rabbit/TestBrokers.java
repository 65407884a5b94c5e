package org.weft.bus.rabbit;

import java.nio.file.Path;

/**
 * Private brokers for tests, one per test class. Each class takes a slot of its own, which fixes
 * its ports in the bus tests' range (AMQP 25700+slot, epmd 25760+slot, distribution 25780+slot) and
 * its run directory, so that a leftover of a crashed run is found and stopped.
 */
public final class TestBrokers {
    private TestBrokers() {}

    public static final int RABBIT_SERVER_TEST = 0;
    public static final int CONTRACT_TEST = 1;
    public static final int RECONNECT_TEST = 2;
    public static final int REGISTRY_TEST = 3;
    public static final int FACTORY_TEST = 4;
    public static final int DOCTOR_TEST = 5;

    public static RabbitMqServer.Settings settings(String name, int slot) {
        return RabbitMqServer.Settings.onLoopback(
                "wbus-" + name,
                Path.of("target", "wbus-rabbit", name),
                amqpPort(slot),
                25760 + slot,
                25780 + slot);
    }

    public static RabbitMqServer start(String name, int slot) {
        return RabbitMqServer.start(settings(name, slot));
    }

    public static int amqpPort(int slot) {
        return 25700 + slot;
    }
}
