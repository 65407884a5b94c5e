package org.weft.dataplane.ovsdb;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An immutable snapshot of the monitored tables. The client replaces its replica with a new
 * snapshot for each update, so a reader sees one update entirely or not at all.
 */
public final class Replica {
    static final Replica EMPTY = new Replica(Map.of());

    private final Map<String, Map<UUID, Row>> tables;

    Replica(Map<String, Map<UUID, Row>> tables) {
        this.tables = tables;
    }

    public Collection<Row> rows(String table) {
        return tables.getOrDefault(table, Map.of()).values();
    }

    public Optional<Row> row(String table, UUID uuid) {
        return Optional.ofNullable(tables.getOrDefault(table, Map.of()).get(uuid));
    }

    /** The rows of {@code table} whose {@code column} holds exactly {@code value}. */
    public List<Row> find(String table, String column, Object value) {
        return rows(table).stream()
                .filter(row -> row.has(column) && row.get(column).equals(value))
                .toList();
    }

    Map<String, Map<UUID, Row>> tables() {
        return tables;
    }

    /** This snapshot with {@code changes} applied; each touched table is copied once. */
    Replica with(List<RowChange> changes) {
        Map<String, Map<UUID, Row>> copy = new HashMap<>(tables);
        Map<String, Map<UUID, Row>> touched = new HashMap<>();
        for (RowChange change : changes) {
            Map<UUID, Row> table =
                    touched.computeIfAbsent(
                            change.table(),
                            name -> new HashMap<>(tables.getOrDefault(name, Map.of())));
            change.current()
                    .ifPresentOrElse(
                            row -> table.put(change.uuid(), row),
                            () -> table.remove(change.uuid()));
        }
        touched.forEach((name, table) -> copy.put(name, Map.copyOf(table)));
        return new Replica(Map.copyOf(copy));
    }
}
