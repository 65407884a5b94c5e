package org.weft.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A table of one resource type kept as JSON documents: the {@code doc} column holds the whole
 * resource as the API shows it to an administrator, so that reading a list is one query and a copy
 * of stored text; the other columns copy the attributes that filters, sorting and constraints need.
 * Every table has {@code id} and {@code revision_number}; a replacement only succeeds against the
 * revision it read, so two writers of one row cannot lose each other's change.
 *
 * @param <T> the record type of the resource
 */
public final class DocumentTable<T> {
    private final String table;
    private final Class<T> type;
    private final List<Column<T>> columns;
    private static final int DECODED_LIMIT = 4096;

    private final java.util.concurrent.ConcurrentHashMap<String, T> decoded =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final String insertSql;
    private final String replaceSql;

    public DocumentTable(String table, Class<T> type, List<Column<T>> columns) {
        this.table = table;
        this.type = type;
        this.columns = List.copyOf(columns);
        List<String> names = new ArrayList<>();
        for (Column<T> column : columns) {
            names.add(column.name());
        }
        this.insertSql =
                "INSERT INTO "
                        + table
                        + " ("
                        + String.join(", ", names)
                        + ", doc) VALUES ("
                        + "?, ".repeat(names.size())
                        + "?)";
        this.replaceSql =
                "UPDATE "
                        + table
                        + " SET "
                        + String.join(" = ?, ", names)
                        + " = ?, doc = ? WHERE id = ? AND revision_number = ?";
    }

    public String name() {
        return table;
    }

    public Class<T> type() {
        return type;
    }

    /**
     * The record of a stored document. Decoded records are kept by their document text: most
     * requests read the same network and subnets again and again, and a lookup by text costs far
     * less than parsing it. Records are immutable, and a changed row has a different text.
     */
    public T decode(String document) {
        T known = decoded.get(document);
        if (known != null) {
            return known;
        }
        T record = Documents.read(document, type);
        if (decoded.size() >= DECODED_LIMIT) {
            decoded.clear();
        }
        decoded.put(document, record);
        return record;
    }

    public Optional<T> find(Transaction tx, String id) {
        return findDocument(tx, id).map(this::decode);
    }

    public Optional<String> findDocument(Transaction tx, String id) {
        return tx.queryOne(
                "SELECT doc FROM " + table + " WHERE id = ?", row -> row.getString(1), id);
    }

    /** The records whose row matches {@code condition}, such as {@code network_id = ?}. */
    public List<T> where(Transaction tx, String condition, Object... args) {
        return tx.query(
                "SELECT doc FROM " + table + " WHERE " + condition + " ORDER BY id",
                row -> decode(row.getString(1)),
                args);
    }

    /** Hands the id and stored document of each selected row to {@code consumer}, as stored. */
    public void select(Transaction tx, Selection selection, BiConsumer<String, String> consumer) {
        tx.forEach(
                selection.sql("SELECT id, doc FROM " + table),
                row -> consumer.accept(row.getString(1), row.getString(2)),
                selection.arguments());
    }

    /** Stores a new resource; returns it as stored. */
    public T insert(Transaction tx, T resource) {
        List<Object> args = columnValues(resource);
        args.add(Documents.write(resource));
        tx.update(insertSql, args.toArray());
        return resource;
    }

    /** Stores a new resource given as its document. */
    public T insert(Transaction tx, ObjectNode document) {
        return insert(tx, Documents.fromTree(document, type));
    }

    /**
     * Replaces a stored resource, provided it is still at {@code readRevision}.
     *
     * @throws ConcurrentUpdateException when another transaction changed it since
     */
    public T replace(Transaction tx, T resource, String id, long readRevision) {
        List<Object> args = columnValues(resource);
        args.add(Documents.write(resource));
        args.add(id);
        args.add(readRevision);
        if (tx.update(replaceSql, args.toArray()) == 0) {
            throw new ConcurrentUpdateException(
                    table + " row " + id + " changed after revision " + readRevision);
        }
        return resource;
    }

    public boolean delete(Transaction tx, String id) {
        return tx.update("DELETE FROM " + table + " WHERE id = ?", id) > 0;
    }

    private List<Object> columnValues(T resource) {
        List<Object> values = new ArrayList<>(columns.size() + 3);
        for (Column<T> column : columns) {
            values.add(column.value().apply(resource));
        }
        return values;
    }
}
