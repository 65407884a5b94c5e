package org.weft.lab;

/** The API server's database in the lab. */
public enum LabDatabase {
    /** Weft's embedded default (H2 in the controller's state directory). */
    EMBEDDED,
    /**
     * MariaDB on the controller, with the guide's database {@code quantum}, user {@code
     * quantumUser} and password {@code quantumPass}: the guide's {@code sql_connection} as written.
     */
    MARIADB
}
