package org.weft.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
    private static final Path GUIDE = Path.of("etc/guide");

    private static final Option<String> SQL_CONNECTION =
            Option.string("database", "connection").alias("DATABASE", "sql_connection").build();
    private static final Option<Integer> PORT =
            Option.integer("DEFAULT", "bind_port", 1, 65535).defaultValue(9696).build();
    private static final Option<String> DRIVER =
            Option.choice(
                            "DEFAULT",
                            "dhcp_driver",
                            List.of("dnsmasq"),
                            Map.of("quantum.agent.linux.dhcp.Dnsmasq", "dnsmasq"))
                    .defaultValue("dnsmasq")
                    .build();

    @Test
    void guideFilesAreReadAsWritten() {
        Config config =
                Config.load(
                        List.of(
                                GUIDE.resolve("quantum.conf"),
                                GUIDE.resolve("ovs_quantum_plugin.ini"),
                                GUIDE.resolve("metadata_agent.ini"),
                                GUIDE.resolve("api-paste.ini")),
                        List.of());

        assertThat(config.raw("DEFAULT", "rabbit_host")).hasValue("10.10.10.51");
        assertThat(config.get(SQL_CONNECTION))
                .isEqualTo("mysql://quantumUser:quantumPass@10.10.10.51/quantum");
        assertThat(config.raw("ovs", "local_ip")).hasValue("10.20.20.52");
        assertThat(config.raw("DEFAULT", "metadata_proxy_shared_secret"))
                .hasValue("helloOpenStack");
        assertThat(config.raw("filter:authtoken", "admin_password")).hasValue("service_pass");
    }

    @Test
    void currentNameWinsOverGrizzlyName() {
        Config config =
                Config.fromText(
                        "neutron.conf",
                        """
                        [DATABASE]
                        sql_connection = mysql://old/quantum
                        [database]
                        connection = mysql://new/neutron
                        """);

        assertThat(config.get(SQL_CONNECTION)).isEqualTo("mysql://new/neutron");
    }

    @Test
    void laterFileWins() {
        Config first = Config.fromText("a.conf", "bind_port = 9000\n");
        Config second = Config.fromText("b.conf", "[DEFAULT]\nbind_port = 9100\n");

        assertThat(first.overlaidWith(second).get(PORT)).isEqualTo(9100);
    }

    @Test
    void invalidValueNamesFileSectionKeyAndExpectation() {
        Config config = Config.fromText("quantum.conf", "[DEFAULT]\nbind_port = nine\n");

        assertThatThrownBy(() -> config.get(PORT))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("quantum.conf:2 [DEFAULT] bind_port")
                .hasMessageContaining("'nine'")
                .hasMessageContaining("an integer from 1 to 65535");
    }

    @Test
    void secretValuesAreNotRepeatedInErrors() {
        Option<Integer> secretNumber = Option.integer("DEFAULT", "pin", 0, 9).secret().build();
        Config config = Config.fromText("x.conf", "pin = hunter2\n");

        assertThatThrownBy(() -> config.get(secretNumber)).hasMessageNotContaining("hunter2");
    }

    @Test
    void classPathsOfTheGuidesEraAreAliases() {
        Config config =
                Config.fromText(
                        "dhcp_agent.ini",
                        "[DEFAULT]\ndhcp_driver = quantum.agent.linux.dhcp.Dnsmasq\n");

        assertThat(config.get(DRIVER)).isEqualTo("dnsmasq");
    }

    @Test
    void continuationLinesJoinThePreviousValue() {
        Config config = Config.fromText("x.conf", "[DEFAULT]\nitems = a,\n   b\n");

        assertThat(config.raw("DEFAULT", "items")).hasValue("a,\nb");
    }

    @Test
    void unknownKeysAreReportedOnceAndKnownOnesAreNot() {
        Config config =
                Config.fromText(
                        "quantum.conf",
                        """
                        [DEFAULT]
                        bind_port = 1
                        bind_prot = 2
                        bind_prot = 3
                        [composite:quantum]
                        use = egg:Paste#urlmap
                        """);
        KnownOptions known = new KnownOptions(List.of(PORT));

        List<ConfigValue> unknown = known.warnAboutUnknown(config);

        assertThat(unknown).extracting(ConfigValue::key).containsExactly("bind_prot");
    }

    @Test
    void malformedLineIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> Config.fromText("x.conf", "[DEFAULT]\njust words\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("x.conf:2");
    }
}
