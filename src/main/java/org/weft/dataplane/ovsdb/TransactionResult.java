package org.weft.dataplane.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.weft.dataplane.ovsdb.internal.Values;

/**
 * The results of a transaction that succeeded, one per operation in order (RFC 7047 §5.2): the UUID
 * of each insert, the rows of each select, the count of rows each update, mutate or delete touched.
 */
public final class TransactionResult {
    private final List<Operation> operations;
    private final List<JsonNode> results;
    private final Map<String, UUID> inserted = new HashMap<>();

    TransactionResult(List<Operation> operations, List<JsonNode> results) {
        this.operations = List.copyOf(operations);
        this.results = List.copyOf(results);
        for (int i = 0; i < operations.size(); i++) {
            if (operations.get(i) instanceof Operation.Insert insert
                    && insert.uuidName().isPresent()) {
                inserted.put(insert.uuidName().get(), uuid(i));
            }
        }
    }

    public int size() {
        return results.size();
    }

    /** The UUID the server gave the row inserted with {@code uuidName}. */
    public UUID uuidOf(String uuidName) {
        UUID uuid = inserted.get(uuidName);
        if (uuid == null) {
            throw new IllegalArgumentException("no insert with uuid-name " + uuidName);
        }
        return uuid;
    }

    /** The UUID of the row operation {@code index} inserted. */
    public UUID uuid(int index) {
        return (UUID) Values.decode(result(index, "uuid"));
    }

    /** The rows operation {@code index} selected. */
    public List<Row> rows(int index) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode row : result(index, "rows")) {
            Map<String, Object> columns = new HashMap<>();
            row.fields()
                    .forEachRemaining(
                            field -> columns.put(field.getKey(), Values.decode(field.getValue())));
            Optional<UUID> uuid = Optional.ofNullable(columns.get("_uuid")).map(UUID.class::cast);
            rows.add(new Row(uuid.orElse(null), columns));
        }
        return rows;
    }

    /** How many rows operation {@code index} updated, mutated or deleted. */
    public long count(int index) {
        return result(index, "count").asLong();
    }

    private JsonNode result(int index, String field) {
        JsonNode node = results.get(index).get(field);
        if (node == null) {
            throw new IllegalArgumentException(
                    "result of " + operations.get(index).describe() + " has no " + field);
        }
        return node;
    }
}
