package org.weft.store;

import java.nio.file.Path;

/**
 * Where the database is and how to log in: a JDBC URL, credentials and the product.
 *
 * @param jdbcUrl the JDBC URL
 * @param user the user name, empty for none
 * @param password the password, empty for none; never logged
 * @param dialect the database product
 */
public record Database(String jdbcUrl, String user, String password, Dialect dialect) {

    /**
     * The embedded database: H2 files {@code weft.mv.db} in {@code dataDir}. H2 keeps the parsed
     * form of only 8 statements per connection by default; a request uses more than that.
     */
    public static Database embedded(Path dataDir) {
        String url =
                "jdbc:h2:file:"
                        + dataDir.toAbsolutePath().resolve("weft")
                        + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=128";
        return new Database(url, "", "", Dialect.H2);
    }

    /** A private in-memory H2 database, gone when the store closes; for tests. */
    public static Database inMemory(String name) {
        return new Database(
                "jdbc:h2:mem:"
                        + name
                        + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=128",
                "",
                "",
                Dialect.H2);
    }

    /**
     * The database an oslo.db URL names ({@code mysql://user:pass@host/db}, {@code
     * postgresql+psycopg2://…}); the embedded H2 database is not written this way.
     *
     * @throws IllegalArgumentException when the URL is not one of these, saying why
     */
    public static Database fromUrl(String url) {
        return ConnectionUrl.parse(url.strip());
    }

    @Override
    public String toString() {
        return dialect + " " + jdbcUrl;
    }
}
