package org.weft.server.api;

import java.util.List;
import org.weft.server.policy.Caller;
import org.weft.store.Selection;

/**
 * How one query parameter of a list narrows the rows: {@code ?name=a&name=b} becomes a condition on
 * the selection (values of a repeated parameter are alternatives).
 */
@FunctionalInterface
public interface Filter {
    void apply(Selection selection, List<String> values, Caller caller);

    /** How a filter's text values become column values. */
    enum Kind {
        TEXT,
        LOWER_TEXT,
        BOOLEAN,
        INTEGER
    }

    /** Rows whose {@code column} equals one of the values. */
    static Filter column(String column, Kind kind) {
        return (selection, values, caller) -> {
            Object[] converted = new Object[values.size()];
            for (int i = 0; i < values.size(); i++) {
                converted[i] = convert(values.get(i), kind);
            }
            selection.where(column + " IN (" + "?, ".repeat(values.size() - 1) + "?)", converted);
        };
    }

    private static Object convert(String value, Kind kind) {
        com.fasterxml.jackson.databind.node.TextNode text =
                com.fasterxml.jackson.databind.node.TextNode.valueOf(value);
        return switch (kind) {
            case TEXT -> value;
            case LOWER_TEXT -> value.toLowerCase(java.util.Locale.ROOT);
            case BOOLEAN -> Validators.toBoolean(text);
            case INTEGER -> Validators.toInteger(text);
        };
    }
}
