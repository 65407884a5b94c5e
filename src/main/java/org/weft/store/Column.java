package org.weft.store;

import java.util.function.Function;

/**
 * A column that copies one attribute of a stored document so that the database can filter, sort and
 * constrain on it.
 *
 * @param name the column's name
 * @param value the attribute's value in a record: a String, Boolean, Integer, Long or null
 */
public record Column<T>(String name, Function<T, Object> value) {
    public static <T> Column<T> of(String name, Function<T, Object> value) {
        return new Column<>(name, value);
    }
}
