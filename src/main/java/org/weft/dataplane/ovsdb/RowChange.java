package org.weft.dataplane.ovsdb;

import java.util.Optional;
import java.util.UUID;

/**
 * A row of a monitored table that appeared, changed or disappeared: {@code old} is the row before,
 * {@code current} after; an insert has no old row, a delete no current row.
 */
public record RowChange(String table, UUID uuid, Optional<Row> old, Optional<Row> current) {

    /** What kind of change this is. */
    public enum Kind {
        INSERT,
        MODIFY,
        DELETE
    }

    public Kind kind() {
        if (old.isEmpty()) {
            return Kind.INSERT;
        }
        return current.isEmpty() ? Kind.DELETE : Kind.MODIFY;
    }
}
