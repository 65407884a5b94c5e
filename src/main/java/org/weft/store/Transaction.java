package org.weft.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One unit of work on the database: every statement of a request runs here and commits together, or
 * not at all. Work that must only happen once the data is committed (telling agents) is queued with
 * {@link #afterCommit}.
 */
public final class Transaction {
    private final Connection connection;
    private final Dialect dialect;
    private final List<Runnable> afterCommit = new ArrayList<>();

    Transaction(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Runs {@code action} after this transaction commits; dropped if it rolls back. */
    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    List<Runnable> afterCommitActions() {
        return afterCommit;
    }

    /** Runs an INSERT, UPDATE or DELETE and returns the number of rows it touched. */
    public int update(String sql, Object... args) {
        try (PreparedStatement statement = prepare(sql, args)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw Failures.translate(sql, e);
        }
    }

    /** Runs one statement once per argument list, in one batch. */
    public void batch(String sql, List<Object[]> argumentLists) {
        if (argumentLists.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Object[] args : argumentLists) {
                bind(statement, args);
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw Failures.translate(sql, e);
        }
    }

    /**
     * Runs an INSERT that a unique constraint may refuse, inside a savepoint so that a refusal
     * leaves the rest of the transaction usable (PostgreSQL aborts a transaction on any error).
     *
     * @return false when {@code constraint} refused the row
     */
    public boolean insertUnlessTaken(String constraint, String sql, Object... args) {
        Savepoint savepoint = savepoint();
        try {
            update(sql, args);
            release(savepoint);
            return true;
        } catch (DuplicateKeyException e) {
            rollbackTo(savepoint);
            if (e.constraint().equalsIgnoreCase(constraint)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Runs {@code work} inside a savepoint: if it throws, its statements are undone and the rest of
     * the transaction stays usable (PostgreSQL would otherwise abort the whole transaction).
     */
    public <T> T inSavepoint(java.util.function.Supplier<T> work) {
        Savepoint savepoint = savepoint();
        try {
            T result = work.get();
            release(savepoint);
            return result;
        } catch (RuntimeException e) {
            rollbackTo(savepoint);
            throw e;
        }
    }

    /**
     * Runs an INSERT inside a savepoint, for a table with only one key it can clash on.
     *
     * @return false when a unique key refused the row
     */
    public boolean insertUnlessDuplicate(String sql, Object... args) {
        Savepoint savepoint = savepoint();
        try {
            update(sql, args);
            release(savepoint);
            return true;
        } catch (DuplicateKeyException e) {
            rollbackTo(savepoint);
            return false;
        }
    }

    /** Runs a query and maps every row. */
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = new ArrayList<>();
        forEach(sql, row -> rows.add(mapper.map(row)), args);
        return rows;
    }

    /** Runs a query expected to return at most one row. */
    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = query(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Runs a query returning one number, such as a count. */
    public long queryLong(String sql, Object... args) {
        return queryOne(sql, row -> row.getLong(1), args).orElse(0L);
    }

    /** Runs a query and hands each row to {@code consumer} as it is read, without collecting. */
    public void forEach(String sql, RowConsumer consumer, Object... args) {
        try (PreparedStatement statement = prepare(sql, args);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                consumer.accept(rows);
            }
        } catch (SQLException e) {
            throw Failures.translate(sql, e);
        }
    }

    /** Receives the rows of {@link #forEach} one at a time. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(ResultSet row) throws SQLException;
    }

    private PreparedStatement prepare(String sql, Object[] args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            bind(statement, args);
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    private static void bind(PreparedStatement statement, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg == null) {
                statement.setNull(i + 1, Types.NULL);
            } else if (arg instanceof Boolean flag) {
                statement.setBoolean(i + 1, flag);
            } else if (arg instanceof Integer number) {
                statement.setInt(i + 1, number);
            } else if (arg instanceof Long number) {
                statement.setLong(i + 1, number);
            } else {
                statement.setString(i + 1, arg.toString());
            }
        }
    }

    /** A savepoint where the database needs one to survive a failed statement, else null. */
    private Savepoint savepoint() {
        if (!dialect.failedStatementAbortsTransaction()) {
            return null;
        }
        try {
            return connection.setSavepoint();
        } catch (SQLException e) {
            throw Failures.translate("SAVEPOINT", e);
        }
    }

    private void release(Savepoint savepoint) {
        if (savepoint == null) {
            return;
        }
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw Failures.translate("RELEASE SAVEPOINT", e);
        }
    }

    private void rollbackTo(Savepoint savepoint) {
        if (savepoint == null) {
            return;
        }
        try {
            connection.rollback(savepoint);
        } catch (SQLException e) {
            throw Failures.translate("ROLLBACK TO SAVEPOINT", e);
        }
    }
}
