package org.weft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.config.Config;
import org.weft.config.StartRefusedException;
import org.weft.store.Database;
import org.weft.store.PoolSettings;

/** The {@code [database]} settings of the guide's era and of today's Neutron. */
class ServerDatabaseSettingsTest {
    @TempDir Path dataDir;

    @Test
    void guidesSqlConnectionNamesMariaDb() {
        Config config =
                Config.fromText(
                        "quantum.conf",
                        "[DATABASE]\n"
                                + "sql_connection ="
                                + " mysql://quantumUser:quantumPass@10.10.10.51/quantum\n");

        Database database = Server.database(config, dataDir);

        assertThat(database.jdbcUrl()).isEqualTo("jdbc:mariadb://10.10.10.51/quantum");
    }

    @Test
    void todaysConnectionNamesPostgreSql() {
        Config config =
                Config.fromText(
                        "neutron.conf",
                        "[database]\nconnection = postgresql://neutron:pw@127.0.0.1/neutron\n");

        assertThat(Server.database(config, dataDir).jdbcUrl())
                .isEqualTo("jdbc:postgresql://127.0.0.1/neutron");
    }

    @Test
    void noConnectionMeansTheEmbeddedDatabaseInTheDataDirectory() {
        assertThat(Server.database(Config.empty(), dataDir).jdbcUrl())
                .startsWith("jdbc:h2:file:" + dataDir.toAbsolutePath());
    }

    @Test
    void unknownDatabaseStopsTheStartNamingTheSetting() {
        Config config = Config.fromText("neutron.conf", "[database]\nconnection = db2://x/y\n");

        assertThatThrownBy(() -> Server.database(config, dataDir))
                .isInstanceOf(StartRefusedException.class)
                .hasMessageContaining("[database] connection")
                .hasMessageContaining("db2");
    }

    @Test
    void poolSettingsTakeOsloDbNamesAndTheirOlderAliases() {
        Config config =
                Config.fromText(
                        "neutron.conf",
                        "[DATABASE]\n"
                                + "sql_max_pool_size = 7\n"
                                + "reconnect_interval = 3\n"
                                + "sql_idle_timeout = 600\n"
                                + "[database]\n"
                                + "max_overflow = 5\n"
                                + "pool_timeout = 4\n"
                                + "max_retries = -1\n");

        assertThat(Server.poolSettings(config))
                .isEqualTo(
                        new PoolSettings(
                                7,
                                5,
                                Duration.ofSeconds(4),
                                Duration.ofSeconds(600),
                                -1,
                                Duration.ofSeconds(3)));
    }
}
