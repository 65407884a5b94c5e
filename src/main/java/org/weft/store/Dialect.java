package org.weft.store;

import java.util.Map;

/**
 * The database products the schema runs on. The migration scripts are shared; the few types that
 * have no common spelling are Flyway placeholders filled in here.
 */
public enum Dialect {
    H2("CHARACTER VARYING(1000000)", false),
    MARIADB("MEDIUMTEXT", false),
    POSTGRESQL("TEXT", true);

    private final String documentType;
    private final boolean failedStatementAbortsTransaction;

    Dialect(String documentType, boolean failedStatementAbortsTransaction) {
        this.documentType = documentType;
        this.failedStatementAbortsTransaction = failedStatementAbortsTransaction;
    }

    /**
     * Whether a statement that fails (a unique key refusing a row) aborts the whole transaction, as
     * in PostgreSQL, so that statements that may fail need a savepoint around them. H2 and MariaDB
     * undo just the failed statement.
     */
    boolean failedStatementAbortsTransaction() {
        return failedStatementAbortsTransaction;
    }

    /** Placeholders of the migration scripts: {@code ${document}} is a JSON document column. */
    Map<String, String> placeholders() {
        return Map.of("document", documentType);
    }
}
