package org.weft.dataplane.ovsdb;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One row of an OVSDB table as the client sees it: its UUID and the values of the columns it was
 * read with (see {@code Values} for the Java types). An optional column holds an empty set when
 * unset and a bare atom when set, so the getters accept both.
 */
public final class Row {
    private final UUID uuid;
    private final Map<String, Object> columns;

    public Row(UUID uuid, Map<String, Object> columns) {
        this.uuid = uuid;
        this.columns = Map.copyOf(columns);
    }

    /** The row's UUID; a select must have asked for the {@code _uuid} column. */
    public UUID uuid() {
        if (uuid == null) {
            throw new IllegalStateException("row was read without its _uuid column: " + columns);
        }
        return uuid;
    }

    public Map<String, Object> columns() {
        return columns;
    }

    public boolean has(String column) {
        return columns.containsKey(column);
    }

    public Object get(String column) {
        Object value = columns.get(column);
        if (value == null) {
            throw new IllegalArgumentException(
                    "row "
                            + uuid
                            + " has no column '"
                            + column
                            + "' (has "
                            + columns.keySet()
                            + ")");
        }
        return value;
    }

    public String string(String column) {
        return optionalString(column)
                .orElseThrow(
                        () -> new IllegalArgumentException("column '" + column + "' is empty"));
    }

    public Optional<String> optionalString(String column) {
        return optional(column).map(String.class::cast);
    }

    public OptionalLong optionalInteger(String column) {
        Optional<Object> value = optional(column);
        return value.isPresent() ? OptionalLong.of((Long) value.get()) : OptionalLong.empty();
    }

    public long integer(String column) {
        return optionalInteger(column)
                .orElseThrow(
                        () -> new IllegalArgumentException("column '" + column + "' is empty"));
    }

    public boolean bool(String column) {
        return (Boolean) get(column);
    }

    public Optional<UUID> optionalUuid(String column) {
        return optional(column).map(UUID.class::cast);
    }

    /** A set column's elements; a bare atom is a set of one. */
    public <T> Set<T> set(String column, Class<T> type) {
        Object value = get(column);
        Collection<?> atoms = value instanceof Collection<?> set ? set : Set.of(value);
        return atoms.stream().map(type::cast).collect(Collectors.toUnmodifiableSet());
    }

    public Set<UUID> uuids(String column) {
        return set(column, UUID.class);
    }

    /** A map column whose keys and values are strings: {@code external_ids}, {@code options}. */
    public Map<String, String> stringMap(String column) {
        Map<String, String> map = new LinkedHashMap<>();
        ((Map<?, ?>) get(column)).forEach((key, value) -> map.put((String) key, (String) value));
        return map;
    }

    private Optional<Object> optional(String column) {
        Object value = get(column);
        if (value instanceof Collection<?> set) {
            if (set.size() > 1) {
                throw new IllegalArgumentException(
                        "column '" + column + "' holds several values: " + set);
            }
            return set.stream().map(Object.class::cast).findFirst();
        }
        return Optional.of(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Row row
                && java.util.Objects.equals(uuid, row.uuid)
                && columns.equals(row.columns);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(uuid, columns);
    }

    @Override
    public String toString() {
        return "Row(" + uuid + ", " + columns + ")";
    }
}
