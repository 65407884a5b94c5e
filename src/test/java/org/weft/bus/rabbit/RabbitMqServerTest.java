package org.weft.bus.rabbit;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;

/**
 * The private broker: it starts, serves AMQP, stops by pid with its epmd, finds what a crashed run
 * left, and admits {@code guest} from other addresses only when told to.
 */
@Tag("broker")
class RabbitMqServerTest {
    private static final String NAMESPACE = "wbus-rmq";
    private static final String BROKER_ADDRESS = "10.199.0.1";
    private static final int SLOT = TestBrokers.RABBIT_SERVER_TEST;

    private RabbitMqServer broker;

    @AfterEach
    void stopBrokerAndRemoveNamespace() {
        if (broker != null) {
            broker.stop();
        }
        IpRoute2.in(Placement.here()).deleteNamespace(NAMESPACE);
    }

    @Test
    void brokerLeftByACrashedRunIsStoppedAndTheNewOneStopsWithItsEpmd() throws Exception {
        RabbitMqServer crashed = TestBrokers.start("server", SLOT);
        List<Long> leftover = recordedPids();

        broker = TestBrokers.start("server", SLOT);
        List<Long> current = recordedPids();

        assertThat(crashed.isRunning()).isFalse();
        assertThat(leftover).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isEmpty());
        try (Connection connection = connectAsGuest()) {
            assertThat(connection.isOpen()).isTrue();
        }
        broker.stop();
        assertThat(current).hasSize(3);
        assertThat(current).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isEmpty());
    }

    @Test
    void guestFromAnotherAddressIsAdmittedOnlyWhenTheBrokerSaysSo() {
        Placement namespace = namespaceWithAddress();
        RabbitMqServer.Settings settings =
                TestBrokers.settings("server", SLOT).in(namespace, BROKER_ADDRESS);

        broker = RabbitMqServer.start(settings);
        assertThat(guestLoginFromNamespace()).isEqualTo(3);
        broker.stop();

        broker = RabbitMqServer.start(settings.admittingGuestFromAnyAddress());
        assertThat(guestLoginFromNamespace()).isEqualTo(0);
    }

    /** A namespace whose only address besides loopback is the broker's, on a veth. */
    private static Placement namespaceWithAddress() {
        IpRoute2 root = IpRoute2.in(Placement.here());
        root.deleteNamespace(NAMESPACE);
        root.ensureNamespace(NAMESPACE);
        IpRoute2 inside = root.inside(NAMESPACE);
        inside.ensureVeth("wbus-rmq0", "wbus-rmq1");
        inside.ensureAddress("wbus-rmq0", BROKER_ADDRESS + "/30");
        inside.setUp("wbus-rmq0");
        inside.setUp("wbus-rmq1");
        return Placement.netns(NAMESPACE);
    }

    /** The probe connects from the broker's own non-loopback address, as a remote agent would. */
    private static int guestLoginFromNamespace() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Command probe =
                Command.of(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                GuestLoginProbe.class.getName(),
                                BROKER_ADDRESS,
                                Integer.toString(TestBrokers.amqpPort(SLOT)))
                        .in(Placement.netns(NAMESPACE))
                        .withTimeout(Duration.ofSeconds(60));
        return probe.execute().exitStatus();
    }

    private static Connection connectAsGuest() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(TestBrokers.amqpPort(SLOT));
        return factory.newConnection("test");
    }

    private List<Long> recordedPids() throws Exception {
        Path state = TestBrokers.settings("server", SLOT).runDirectory().resolve("pids");
        return Files.readAllLines(state).stream()
                .map(line -> Long.parseLong(line.split(" ")[0]))
                .toList();
    }
}
