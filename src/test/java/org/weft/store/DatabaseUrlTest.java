package org.weft.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** oslo.db's database URLs as operators write them, and the JDBC they become. */
class DatabaseUrlTest {

    @Test
    void guidesMysqlUrlBecomesTheMariaDbDriversUrlWithTheGuidesCredentials() {
        Database database = Database.fromUrl("mysql://quantumUser:quantumPass@10.10.10.51/quantum");

        assertThat(database.dialect()).isEqualTo(Dialect.MARIADB);
        assertThat(database.jdbcUrl()).isEqualTo("jdbc:mariadb://10.10.10.51/quantum");
        assertThat(database.user()).isEqualTo("quantumUser");
        assertThat(database.password()).isEqualTo("quantumPass");
    }

    @Test
    void pymysqlUrlKeepsItsUnixSocketAndDropsTheCharset() {
        Database database =
                Database.fromUrl(
                        "mysql+pymysql://neutron:secret@localhost/neutron"
                                + "?unix_socket=/run/mysqld/mysqld.sock&charset=utf8");

        assertThat(database.jdbcUrl())
                .isEqualTo("jdbc:mariadb://localhost/neutron?localSocket=/run/mysqld/mysqld.sock");
    }

    @Test
    void postgresqlUrlKeepsPortAndSslModeAndDecodesThePassword() {
        Database database =
                Database.fromUrl(
                        "postgresql+psycopg2://neutron:p%40ss+w%2Frd@db.example:5433/neutron"
                                + "?sslmode=require");

        assertThat(database.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(database.jdbcUrl())
                .isEqualTo("jdbc:postgresql://db.example:5433/neutron?sslmode=require");
        assertThat(database.password()).isEqualTo("p@ss+w/rd");
    }

    @Test
    void hostDefaultsToLocalhost() {
        assertThat(Database.fromUrl("postgresql://weft@/weft").jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost/weft");
    }

    @Test
    void passwordNeverShowsInTheDescription() {
        Database database = Database.fromUrl("mysql://quantumUser:quantumPass@10.10.10.51/quantum");

        assertThat(database.toString()).doesNotContain("quantumPass");
    }

    @Test
    void unknownDatabaseIsRefusedByName() {
        assertThatThrownBy(() -> Database.fromUrl("oracle://scott:tiger@db/orcl"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown database 'oracle'");
    }

    @Test
    void urlWithoutDatabaseNameIsRefused() {
        assertThatThrownBy(() -> Database.fromUrl("mysql://u:p@10.10.10.51"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names no database");
    }
}
