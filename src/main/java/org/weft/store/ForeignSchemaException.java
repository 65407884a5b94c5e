package org.weft.store;

import java.util.List;

/**
 * The database holds tables that are not Weft's (an old Quantum's, say) and no record of Weft's
 * migrations: Weft refuses to touch it rather than mix its schema in.
 */
public final class ForeignSchemaException extends StoreException {
    private final List<String> tables;

    public ForeignSchemaException(String database, List<String> tables) {
        super(
                "the database "
                        + database
                        + " already holds "
                        + tables.size()
                        + " tables of another schema ("
                        + String.join(", ", tables.subList(0, Math.min(tables.size(), 8)))
                        + (tables.size() > 8 ? ", …" : "")
                        + ") and no Weft schema history; Weft leaves it untouched. Give Weft"
                        + " a database of its own (CREATE DATABASE weft) and name it in [database]"
                        + " connection",
                null);
        this.tables = List.copyOf(tables);
    }

    public List<String> tables() {
        return tables;
    }
}
