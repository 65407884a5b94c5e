package org.weft.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sorts the databases' errors into what callers act on: duplicates, retryable conflicts, bugs. */
final class Failures {
    private Failures() {}

    // Constraint names as the three products quote them in their messages.
    private static final Pattern CONSTRAINT =
            Pattern.compile("(?i)(?:constraint|key|index)\\W+\"?`?'?([A-Za-z0-9_]+)");

    static StoreException translate(String sql, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (isUnavailable(e)) {
            return new DatabaseUnavailableException(
                    "database unavailable during " + sql + ": " + e.getMessage(), e);
        }
        if (isDuplicate(state, e)) {
            return new DuplicateKeyException(constraintName(e), e);
        }
        if (isRetryable(state, e)) {
            return new ConcurrentUpdateException("concurrent transaction conflict: " + e, e);
        }
        return new StoreException("statement failed: " + sql + ": " + e.getMessage(), e);
    }

    /**
     * Whether the connection failed or the server went away rather than the statement: SQL state
     * class 08 (connection exception) in all three products, PostgreSQL's 57P01 to 57P03 (server
     * shutting down or starting), MariaDB's 1053 (shutdown in progress), and the pool's timeout
     * waiting for a connection it cannot open.
     */
    static boolean isUnavailable(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sqlException) {
                String state = sqlException.getSQLState() == null ? "" : sqlException.getSQLState();
                if (state.startsWith("08")
                        || state.startsWith("57P0")
                        || sqlException.getErrorCode() == 1053) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isDuplicate(String state, SQLException e) {
        return state.equals("23505") || e.getErrorCode() == 1062 || e.getErrorCode() == 23505;
    }

    private static boolean isRetryable(String state, SQLException e) {
        // 40001 serialization failure or deadlock (all three), 40P01 PostgreSQL deadlock,
        // HYT00 H2 lock timeout, 90131 H2 concurrent update of one row, MariaDB 1213 deadlock and
        // 1205 lock wait timeout.
        return state.equals("40001")
                || state.equals("40P01")
                || state.equals("HYT00")
                || e.getErrorCode() == 90131
                || e.getErrorCode() == 1213
                || e.getErrorCode() == 1205;
    }

    /**
     * The name of the violated constraint. H2 names the index ({@code
     * PUBLIC.IP_ALLOCATIONS_PK_INDEX_A ON ...}), MariaDB the key ({@code for key
     * 'ports_network_mac'}), PostgreSQL the constraint.
     */
    private static String constraintName(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        for (String known : Constraints.ALL) {
            if (lower.contains(known.toLowerCase(Locale.ROOT))) {
                return known;
            }
        }
        Matcher matcher = CONSTRAINT.matcher(message);
        return matcher.find() ? matcher.group(1) : "unknown";
    }
}
