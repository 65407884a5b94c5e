package org.weft.store;

import java.util.Map;

/**
 * The database products the schema runs on. The migration scripts are shared; the few types that
 * have no common spelling are Flyway placeholders filled in here.
 */
public enum Dialect {
    H2("CHARACTER VARYING(1000000)"),
    MARIADB("MEDIUMTEXT"),
    POSTGRESQL("TEXT");

    private final String documentType;

    Dialect(String documentType) {
        this.documentType = documentType;
    }

    /** Placeholders of the migration scripts: {@code ${document}} is a JSON document column. */
    Map<String, String> placeholders() {
        return Map.of("document", documentType);
    }
}
