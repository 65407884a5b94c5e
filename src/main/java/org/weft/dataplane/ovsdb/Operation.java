package org.weft.dataplane.ovsdb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.weft.dataplane.ovsdb.internal.Values;

/**
 * One operation of a {@code transact} request (RFC 7047 §5.2). Operations of one transaction
 * succeed or fail together; each says in words what it does, so that an error can name the one that
 * failed.
 */
public sealed interface Operation {

    /** What the operation does, in words: {@code insert into Port (uuid-name port)}. */
    String describe();

    /** The operation as the wire carries it. */
    ObjectNode toJson();

    static Insert insert(String table, Map<String, ?> row) {
        return new Insert(table, Map.copyOf(row), Optional.empty());
    }

    static Select select(String table, List<Condition> where) {
        return new Select(table, where, List.of());
    }

    static Update update(String table, List<Condition> where, Map<String, ?> row) {
        return new Update(table, where, Map.copyOf(row));
    }

    static Mutate mutate(String table, List<Condition> where, List<Mutation> mutations) {
        return new Mutate(table, where, mutations);
    }

    static Delete delete(String table, List<Condition> where) {
        return new Delete(table, where);
    }

    static Comment comment(String text) {
        return new Comment(text);
    }

    /** Inserts a row; with a uuid-name, later operations refer to it by {@link #reference()}. */
    record Insert(String table, Map<String, Object> row, Optional<String> uuidName)
            implements Operation {
        public Insert withUuidName(String name) {
            return new Insert(table, row, Optional.of(new NamedUuid(name).name()));
        }

        public NamedUuid reference() {
            return new NamedUuid(
                    uuidName.orElseThrow(
                            () ->
                                    new IllegalStateException(
                                            "insert into " + table + " has no uuid-name")));
        }

        @Override
        public String describe() {
            return "insert into "
                    + table
                    + uuidName.map(name -> " (uuid-name " + name + ")").orElse("");
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = start("insert", table);
            node.set("row", Wire.row(row));
            uuidName.ifPresent(name -> node.put("uuid-name", name));
            return node;
        }
    }

    /** Reads the rows that match; all columns unless some are named. */
    record Select(String table, List<Condition> where, List<String> columns) implements Operation {
        public Select columns(String... names) {
            return new Select(table, where, List.of(names));
        }

        @Override
        public String describe() {
            return "select from " + table + Wire.where(where);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = start("select", table);
            node.set("where", Wire.conditions(where));
            if (!columns.isEmpty()) {
                node.set("columns", Wire.strings(columns));
            }
            return node;
        }
    }

    /** Sets columns of the rows that match. */
    record Update(String table, List<Condition> where, Map<String, Object> row)
            implements Operation {
        @Override
        public String describe() {
            return "update " + table + Wire.where(where) + " set " + row.keySet();
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = start("update", table);
            node.set("where", Wire.conditions(where));
            node.set("row", Wire.row(row));
            return node;
        }
    }

    /** Changes columns of the rows that match relative to their values. */
    record Mutate(String table, List<Condition> where, List<Mutation> mutations)
            implements Operation {
        @Override
        public String describe() {
            return "mutate " + table + Wire.where(where) + " " + mutations;
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = start("mutate", table);
            node.set("where", Wire.conditions(where));
            ArrayNode list = node.putArray("mutations");
            for (Mutation mutation : mutations) {
                list.addArray()
                        .add(mutation.column())
                        .add(mutation.mutator().symbol())
                        .add(Values.encode(mutation.value()));
            }
            return node;
        }
    }

    /** Deletes the rows that match. */
    record Delete(String table, List<Condition> where) implements Operation {
        @Override
        public String describe() {
            return "delete from " + table + Wire.where(where);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = start("delete", table);
            node.set("where", Wire.conditions(where));
            return node;
        }
    }

    /**
     * Waits until the {@code columns} of the rows that match are ({@code untilEqual}) or are not
     * exactly {@code rows}; fails with "timed out" after {@code timeout}, at once when zero (RFC
     * 7047 §5.2.6). A zero-timeout wait is how a transaction asserts what it read is still true.
     */
    record Wait(
            String table,
            List<Condition> where,
            List<String> columns,
            boolean untilEqual,
            List<Map<String, Object>> rows,
            Optional<Duration> timeout)
            implements Operation {
        /** Fails the transaction unless the matching rows' columns are now exactly {@code rows}. */
        public static Wait assertEqual(
                String table,
                List<Condition> where,
                List<String> columns,
                List<Map<String, Object>> rows) {
            return new Wait(table, where, columns, true, rows, Optional.of(Duration.ZERO));
        }

        @Override
        public String describe() {
            return "wait on "
                    + table
                    + Wire.where(where)
                    + " until "
                    + columns
                    + (untilEqual ? " == " : " != ")
                    + rows;
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = start("wait", table);
            node.set("where", Wire.conditions(where));
            node.set("columns", Wire.strings(columns));
            node.put("until", untilEqual ? "==" : "!=");
            ArrayNode list = node.putArray("rows");
            rows.forEach(row -> list.add(Wire.row(row)));
            timeout.ifPresent(limit -> node.put("timeout", limit.toMillis()));
            return node;
        }
    }

    /** A note the server writes to its log with the transaction (RFC 7047 §5.2.7). */
    record Comment(String text) implements Operation {
        @Override
        public String describe() {
            return "comment '" + text + "'";
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("op", "comment");
            node.put("comment", text);
            return node;
        }
    }

    private static ObjectNode start(String op, String table) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("op", op);
        node.put("table", table);
        return node;
    }

    /** How parts of operations are written on the wire. */
    final class Wire {
        private Wire() {}

        static ObjectNode row(Map<String, Object> row) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            row.forEach((column, value) -> node.set(column, Values.encode(value)));
            return node;
        }

        static ArrayNode conditions(List<Condition> where) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            for (Condition condition : where) {
                list.addArray()
                        .add(condition.column())
                        .add(condition.function().symbol())
                        .add(Values.encode(condition.value()));
            }
            return list;
        }

        static ArrayNode strings(List<String> names) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            names.forEach(list::add);
            return list;
        }

        static String where(List<Condition> where) {
            return where.isEmpty() ? "" : " where " + where;
        }
    }
}
