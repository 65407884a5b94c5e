package org.weft.bus.internal.inprocess;

import java.time.Duration;
import org.weft.bus.Bus;
import org.weft.bus.BusContractTest;
import org.weft.bus.Topic;

/** The bus contract on the in-process bus: every party of a test shares one bus, as in one JVM. */
class InProcessBusContractTest extends BusContractTest {
    private final InProcessBus bus = new InProcessBus(Duration.ofSeconds(10));

    @Override
    protected Bus bus(String party) {
        return bus;
    }

    @Override
    protected void sendRawCast(Topic topic, byte[] bytes) {
        bus.deliverRaw(topic, bytes);
    }

    @Override
    protected void sendRawFanout(Topic topic, byte[] bytes) {
        bus.fanoutRaw(topic, bytes);
    }

    @Override
    protected void closeAll() {
        bus.close();
    }
}
