package org.weft.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.weft.testsupport.TestDatabases;
import org.weft.testsupport.TestDatabases.Product;

/** The schema on H2, MariaDB and PostgreSQL: fresh, upgraded, and refusing a foreign one. */
class StoreOnEveryDatabaseTest {
    /** The number of the newest migration under {@code db/migration}. */
    private static final int LATEST = 6;

    @ParameterizedTest
    @EnumSource(Product.class)
    void everyEarlierSchemaVersionIsUpgradedToTheLatest(Product product) {
        for (int version = 1; version < LATEST; version++) {
            Database database = newDatabase(product);
            flyway(database).target(Integer.toString(version)).load().migrate();

            Store.open(database, 2).close();

            var applied = flyway(database).load().info().applied();
            assertThat(applied).as("from version %s", version).hasSize(LATEST);
            assertThat(applied[LATEST - 1].getVersion().getVersion())
                    .isEqualTo(Integer.toString(LATEST));
        }
    }

    @ParameterizedTest
    @EnumSource(Product.class)
    void unicodeNamesAreStoredAndCompareCaseSensitively(Product product) {
        try (Store store = Store.open(newDatabase(product), 2)) {
            store.inTransaction(
                    tx -> {
                        insertTag(tx, "réseau-Ω");
                        insertTag(tx, "RÉSEAU-Ω");
                        return null;
                    });
            long found =
                    store.inTransaction(
                            tx ->
                                    tx.queryLong(
                                            "SELECT COUNT(*) FROM resource_tags WHERE tag = ?",
                                            "réseau-Ω"));
            assertThat(found).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Product.class)
    void databaseHoldingAnotherSchemaIsRefusedAndLeftUntouched(Product product)
            throws SQLException {
        Database database = newDatabase(product);
        execute(
                database,
                "CREATE TABLE networks (id VARCHAR(36) PRIMARY KEY, name VARCHAR(255))",
                "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)",
                "INSERT INTO networks VALUES ('net-1', 'quantum net')",
                "INSERT INTO alembic_version VALUES ('grizzly')");

        assertThatThrownBy(() -> Store.open(database, 2))
                .isInstanceOf(ForeignSchemaException.class)
                .hasMessageContaining("alembic_version")
                .hasMessageContaining("networks")
                .hasMessageContaining("leaves it untouched");

        try (Connection connection = connect(database);
                Statement statement = connection.createStatement()) {
            var rows = statement.executeQuery("SELECT name FROM networks");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("quantum net");
            var tables =
                    connection
                            .getMetaData()
                            .getTables(
                                    connection.getCatalog(),
                                    connection.getSchema(),
                                    "%schema_history%",
                                    null);
            assertThat(tables.next()).as("no schema history was created").isFalse();
        }
    }

    private static void insertTag(Transaction tx, String tag) {
        tx.update(
                "INSERT INTO resource_tags (resource_id, tag) VALUES (?, ?)",
                UUID.randomUUID().toString(),
                tag);
    }

    private static Database newDatabase(Product product) {
        return product == Product.H2
                ? Database.inMemory("wdb-" + UUID.randomUUID())
                : Database.fromUrl(TestDatabases.newConnection(product));
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(
            Database database) {
        return Flyway.configure()
                .dataSource(database.jdbcUrl(), database.user(), database.password())
                .locations("classpath:db/migration")
                .placeholders(database.dialect().placeholders());
    }

    private static void execute(Database database, String... statements) throws SQLException {
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static Connection connect(Database database) throws SQLException {
        return DriverManager.getConnection(
                database.jdbcUrl(), database.user(), database.password());
    }
}
