package org.weft.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.weft.bus.internal.amqp.AmqpSettings;
import org.weft.bus.internal.amqp.BrokerAddress;
import org.weft.config.Config;
import org.weft.config.ConfigException;

class BusFactoryTest {

    @Test
    void guidesQuantumConfReachesGuestOnTheDefaultPortAndVirtualHost() {
        Config config = Config.load(List.of(Path.of("etc/guide/quantum.conf")), List.of());

        AmqpSettings settings = BusFactory.amqpSettings(config, "server");

        assertThat(settings.brokers())
                .containsExactly(new BrokerAddress("10.10.10.51", 5672, "guest", "guest"));
        assertThat(settings.virtualHost()).isEqualTo("/");
        assertThat(settings.exchange()).isEqualTo("neutron");
        assertThat(settings.rpcTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(BusFactory.isInProcess(config)).isFalse();
    }

    @Test
    void rabbitSettingsAreReadFromOsloMessagingRabbitToo() {
        Config config =
                Config.fromText(
                        "neutron.conf",
                        """
                        [DEFAULT]
                        rabbit_host = old.example
                        [oslo_messaging_rabbit]
                        rabbit_host = 10.0.0.5
                        rabbit_port = 5673
                        rabbit_userid = quantum
                        rabbit_password = s3cret
                        rabbit_virtual_host = /cloud
                        """);

        AmqpSettings settings = BusFactory.amqpSettings(config, "server");

        assertThat(settings.brokers())
                .containsExactly(new BrokerAddress("10.0.0.5", 5673, "quantum", "s3cret"));
        assertThat(settings.virtualHost()).isEqualTo("/cloud");
    }

    @Test
    void rabbitHostsMakeACluster() {
        Config config =
                Config.fromText(
                        "quantum.conf",
                        "[DEFAULT]\nrabbit_hosts = 10.0.0.1:5672, 10.0.0.2\nrabbit_port = 5700\n");

        assertThat(BusFactory.amqpSettings(config, "server").brokers())
                .extracting(BrokerAddress::toString)
                .containsExactly("10.0.0.1:5672", "10.0.0.2:5700");
    }

    @Test
    void transportUrlWinsAndMayNameSeveralHosts() {
        Config config =
                Config.fromText(
                        "neutron.conf",
                        """
                        [DEFAULT]
                        rabbit_host = ignored
                        transport_url = rabbit://neutron:p%40ss@10.0.0.1:5672,other:pw@[fd00::2]/neutron%2Fvh
                        """);

        AmqpSettings settings = BusFactory.amqpSettings(config, "server");

        assertThat(settings.brokers())
                .containsExactly(
                        new BrokerAddress("10.0.0.1", 5672, "neutron", "p@ss"),
                        new BrokerAddress("fd00::2", 5672, "other", "pw"));
        assertThat(settings.virtualHost()).isEqualTo("neutron/vh");
    }

    @Test
    void transportUrlWithoutVirtualHostMeansTheDefaultOne() {
        Config config =
                Config.fromText(
                        "neutron.conf", "transport_url = rabbit://guest:guest@127.0.0.1:25672/\n");

        assertThat(BusFactory.amqpSettings(config, "server").virtualHost()).isEqualTo("/");
    }

    @Test
    void fakeTransportAndFakeBackendMeanInProcess() {
        assertThat(BusFactory.isInProcess(Config.fromText("a.conf", "transport_url = fake://\n")))
                .isTrue();
        assertThat(
                        BusFactory.isInProcess(
                                Config.fromText(
                                        "b.conf",
                                        "rpc_backend = quantum.openstack.common.rpc.impl_fake\n")))
                .isTrue();
        assertThat(
                        BusFactory.isInProcess(
                                Config.fromText(
                                        "c.conf",
                                        "rpc_backend = quantum.openstack.common.rpc.impl_kombu\n")))
                .isFalse();
    }

    @Test
    void unsupportedDriverIsRefusedWithoutShowingThePassword() {
        Config config = Config.fromText("neutron.conf", "transport_url = qpid://u:hunter2@host/\n");

        assertThatThrownBy(() -> BusFactory.amqpSettings(config, "server"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("qpid")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void reportIntervalIsReadFromTheGuidesAgentSection() {
        Config config = Config.fromText("ovs.ini", "[AGENT]\nreport_interval = 4\n");

        assertThat(config.get(BusOptions.REPORT_INTERVAL)).isEqualTo(4);
    }
}
