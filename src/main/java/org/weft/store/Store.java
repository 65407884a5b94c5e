package org.weft.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database of one Weft server: a connection pool, the schema brought up to date at start, and
 * units of work that commit together. Several servers may share one database; correctness under
 * their concurrent writes rests on the schema's unique constraints and on revision checks, and a
 * unit of work that loses such a race is run again from the start.
 */
public final class Store implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Store.class);
    private static final int ATTEMPTS = 20;

    private final HikariDataSource dataSource;
    private final Dialect dialect;

    private Store(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /** Connects, applies the migrations that are missing, and returns the ready store. */
    public static Store open(Database database, int poolSize) {
        return open(database, PoolSettings.ofSize(poolSize));
    }

    /**
     * Connects (waiting for the database as {@code pool} allows), checks that the database is
     * Weft's or empty, applies the migrations that are missing, and returns the ready store.
     *
     * @throws ForeignSchemaException when the database holds another schema's tables
     * @throws DatabaseUnavailableException when the database cannot be reached
     */
    public static Store open(Database database, PoolSettings pool) {
        HikariDataSource dataSource = new HikariDataSource(poolConfig(database, pool));
        try {
            awaitDatabase(dataSource, database, pool);
            Schema.prepare(dataSource, database);
            migrate(dataSource, database.dialect());
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        log.info("database ready: {}", database);
        return new Store(dataSource, database.dialect());
    }

    private static HikariConfig poolConfig(Database database, PoolSettings pool) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        if (!database.user().isEmpty()) {
            config.setUsername(database.user());
            config.setPassword(database.password());
        }
        config.setMaximumPoolSize(pool.maximumConnections());
        config.setMinimumIdle(pool.maxPoolSize());
        // Hikari's floors: 250 ms to wait for a connection, 30 s of life.
        config.setConnectionTimeout(Math.max(250, pool.poolTimeout().toMillis()));
        config.setMaxLifetime(Math.max(30_000, pool.recycleTime().toMillis()));
        // The pool opens its connections lazily; awaitDatabase makes the first one.
        config.setInitializationFailTimeout(-1);
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setPoolName("weft-store");
        return config;
    }

    /**
     * Waits for the first connection: a database that starts after Weft (both started by one boot)
     * is retried {@code max_retries} times; a refused login or an unknown database fails at once.
     */
    private static void awaitDatabase(
            HikariDataSource dataSource, Database database, PoolSettings pool) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                return;
            } catch (SQLException e) {
                boolean retry = pool.maxRetries() < 0 || attempt <= pool.maxRetries();
                if (!Failures.isUnavailable(e) || !retry) {
                    throw new DatabaseUnavailableException(
                            "cannot connect to " + database + ": " + rootMessage(e), e);
                }
                log.warn(
                        "database not reachable yet database={} attempt={}: {}",
                        database,
                        attempt,
                        rootMessage(e));
                pause(pool.retryInterval());
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }

    private static void pause(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the database", e);
        }
    }

    private static void migrate(HikariDataSource dataSource, Dialect dialect) {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .placeholders(dialect.placeholders())
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("schema migration failed: " + e.getMessage(), e);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /** A unit of work that returns a value. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Transaction tx);
    }

    /**
     * Runs {@code work} in one transaction and commits it; any exception rolls everything back. A
     * conflict with a concurrent transaction ({@link ConcurrentUpdateException}) runs the work
     * again, so it must not have effects outside the database other than through {@link
     * Transaction#afterCommit}, which run once, after the commit.
     */
    public <T> T inTransaction(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(work);
            } catch (ConcurrentUpdateException e) {
                if (attempt == ATTEMPTS) {
                    throw new StoreException(
                            "transaction gave up after " + ATTEMPTS + " conflicts", e);
                }
                log.debug("transaction conflict, retrying attempt={}: {}", attempt, e.getMessage());
                backOff(attempt);
            }
        }
    }

    private <T> T attempt(Work<T> work) {
        Transaction tx;
        T result;
        try (Connection connection = dataSource.getConnection()) {
            tx = new Transaction(connection, dialect);
            try {
                result = work.run(tx);
                connection.commit();
            } catch (RuntimeException | Error e) {
                rollback(connection);
                throw e;
            } catch (SQLException e) {
                rollback(connection);
                throw Failures.translate("COMMIT", e);
            }
        } catch (SQLException e) {
            throw Failures.translate("connect", e);
        }
        runAfterCommit(tx.afterCommitActions());
        return result;
    }

    private static void runAfterCommit(List<Runnable> actions) {
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.warn("after-commit action failed; the data is committed", e);
            }
        }
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.warn("rollback failed: {}", e.getMessage());
        }
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 2 + Math.min(attempt, 10) * 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while retrying a transaction", e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
