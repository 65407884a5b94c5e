package org.weft.dataplane.ovsdb;

/**
 * A condition on a column, as in the {@code where} of an operation (RFC 7047 §5.1): {@code ["name",
 * "==", "br-int"]}.
 */
public record Condition(String column, Function function, Object value) {

    /** The comparison functions of RFC 7047 §5.1. */
    public enum Function {
        LESS_THAN("<"),
        LESS_OR_EQUAL("<="),
        EQUAL("=="),
        NOT_EQUAL("!="),
        GREATER_OR_EQUAL(">="),
        GREATER_THAN(">"),
        INCLUDES("includes"),
        EXCLUDES("excludes");

        private final String symbol;

        Function(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public static Condition equal(String column, Object value) {
        return new Condition(column, Function.EQUAL, value);
    }

    public static Condition notEqual(String column, Object value) {
        return new Condition(column, Function.NOT_EQUAL, value);
    }

    /** For a set or map column: holds every element of {@code value}. */
    public static Condition includes(String column, Object value) {
        return new Condition(column, Function.INCLUDES, value);
    }

    public static Condition excludes(String column, Object value) {
        return new Condition(column, Function.EXCLUDES, value);
    }

    @Override
    public String toString() {
        return column + " " + function.symbol() + " " + value;
    }
}
