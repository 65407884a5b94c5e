package org.weft.store;

import java.sql.SQLException;
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
        if (isDuplicate(state, e)) {
            return new DuplicateKeyException(constraintName(e), e);
        }
        if (isRetryable(state, e)) {
            return new ConcurrentUpdateException("concurrent transaction conflict: " + e, e);
        }
        return new StoreException("statement failed: " + sql + ": " + e.getMessage(), e);
    }

    private static boolean isDuplicate(String state, SQLException e) {
        return state.equals("23505") || e.getErrorCode() == 1062 || e.getErrorCode() == 23505;
    }

    private static boolean isRetryable(String state, SQLException e) {
        // 40001 serialization failure or deadlock (all three), 40P01 PostgreSQL deadlock,
        // HYT00 H2 lock timeout, 90131 H2 concurrent update of one row.
        return state.equals("40001")
                || state.equals("40P01")
                || state.equals("HYT00")
                || e.getErrorCode() == 90131
                || e.getErrorCode() == 1213;
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
