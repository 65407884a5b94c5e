package org.weft.dataplane.ovsdb;

/**
 * A name for the UUID of a row inserted earlier in the same transaction (RFC 7047 §5.1, the {@code
 * uuid-name} of an insert), so that later operations can refer to the new row.
 */
public record NamedUuid(String name) {
    public NamedUuid {
        if (!name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
            throw new IllegalArgumentException("invalid uuid-name '" + name + "'");
        }
    }
}
