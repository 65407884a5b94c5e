package org.weft.lab;

/** The API server's database in the lab. */
public enum LabDatabase {
    /** Weft's embedded default (H2 in the controller's state directory). */
    EMBEDDED,
    /**
     * MariaDB on the controller, with the guide's database {@code quantum}, user {@code
     * quantumUser} and password {@code quantumPass}: the guide's {@code sql_connection} as written.
     * {@code weft server} refuses a MySQL connection until its MariaDB backend exists, so on such a
     * lab {@code weft lab start} stops at the server with that refusal in its log.
     */
    MARIADB
}
