package org.weft.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Which rows of a table a list wants, in which order, how many: a WHERE, ORDER BY and LIMIT. */
public final class Selection {
    private final List<String> conditions = new ArrayList<>();
    private final List<Object> arguments = new ArrayList<>();
    private final List<String> order = new ArrayList<>();
    private int limit;

    /** Adds a condition ANDed with the others; {@code ?} in it bind {@code args} in order. */
    public Selection where(String condition, Object... args) {
        conditions.add(condition);
        arguments.addAll(Arrays.asList(args));
        return this;
    }

    public Selection orderBy(String column, boolean ascending) {
        order.add(column + (ascending ? " ASC" : " DESC"));
        return this;
    }

    /** At most {@code rows} rows; 0 for all. */
    public Selection limit(int rows) {
        this.limit = rows;
        return this;
    }

    String sql(String select) {
        StringBuilder sql = new StringBuilder(select);
        if (!conditions.isEmpty()) {
            sql.append(" WHERE (").append(String.join(") AND (", conditions)).append(')');
        }
        if (!order.isEmpty()) {
            sql.append(" ORDER BY ").append(String.join(", ", order));
        }
        if (limit > 0) {
            // FETCH FIRST is the standard form; H2, MariaDB 10.6+ and PostgreSQL all read it.
            sql.append(" FETCH FIRST ").append(limit).append(" ROWS ONLY");
        }
        return sql.toString();
    }

    Object[] arguments() {
        return arguments.toArray();
    }
}
