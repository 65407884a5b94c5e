package org.weft.dataplane.ovsdb;

import java.util.List;

/**
 * A table the client keeps in its replica, with the columns it needs (all when none are named).
 * Leaving out columns that change all the time, such as {@code Interface.statistics}, spares the
 * client their updates.
 */
public record TableMonitor(String table, List<String> columns) {
    public static TableMonitor allColumns(String table) {
        return new TableMonitor(table, List.of());
    }

    public static TableMonitor columns(String table, String... columns) {
        return new TableMonitor(table, List.of(columns));
    }
}
