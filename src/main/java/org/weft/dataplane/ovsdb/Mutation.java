package org.weft.dataplane.ovsdb;

/**
 * A change to a column relative to its current value, as in a {@code mutate} operation (RFC 7047
 * §5.1): {@code ["ports", "insert", ["set", [["named-uuid", "port"]]]]}.
 */
public record Mutation(String column, Mutator mutator, Object value) {

    /** The mutators of RFC 7047 §5.1. */
    public enum Mutator {
        ADD("+="),
        SUBTRACT("-="),
        MULTIPLY("*="),
        DIVIDE("/="),
        REMAINDER("%="),
        INSERT("insert"),
        DELETE("delete");

        private final String symbol;

        Mutator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** Adds elements to a set column, or key-value pairs to a map column. */
    public static Mutation insert(String column, Object value) {
        return new Mutation(column, Mutator.INSERT, value);
    }

    /** Removes elements from a set, or keys (a set) or pairs (a map) from a map column. */
    public static Mutation delete(String column, Object value) {
        return new Mutation(column, Mutator.DELETE, value);
    }

    public static Mutation add(String column, long amount) {
        return new Mutation(column, Mutator.ADD, amount);
    }

    @Override
    public String toString() {
        return column + " " + mutator.symbol() + " " + value;
    }
}
