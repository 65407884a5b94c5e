package org.weft.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the store checks before migrating: that the database is empty or Weft's own (its tables
 * beside Flyway's history), and, for a new MariaDB schema, that text is stored as utf8mb4 compared
 * byte by byte, as H2 and PostgreSQL (in the C collation) compare it, so that unique keys, filters
 * and sorting behave alike on every product.
 */
final class Schema {
    private static final Logger log = LoggerFactory.getLogger(Schema.class);
    static final String HISTORY_TABLE = "flyway_schema_history";

    private Schema() {}

    static void prepare(DataSource dataSource, Database database) {
        try (Connection connection = dataSource.getConnection()) {
            List<String> tables = tables(connection);
            boolean weft = tables.stream().anyMatch(HISTORY_TABLE::equalsIgnoreCase);
            if (!tables.isEmpty() && !weft) {
                throw new ForeignSchemaException(database.toString(), tables);
            }
            if (tables.isEmpty() && database.dialect() == Dialect.MARIADB) {
                useBinaryUnicode(connection);
            }
            connection.commit();
        } catch (SQLException e) {
            throw Failures.translate("read the database's tables", e);
        }
    }

    private static List<String> tables(Connection connection) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        List<String> tables = new ArrayList<>();
        try (ResultSet rows =
                metaData.getTables(
                        connection.getCatalog(),
                        connection.getSchema(),
                        "%",
                        new String[] {"TABLE"})) {
            while (rows.next()) {
                tables.add(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return tables;
    }

    private static void useBinaryUnicode(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        log.info("new database set to utf8mb4 with binary collation");
    }
}
