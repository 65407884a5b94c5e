/**
 * The database: a JDBC connection pool, versioned schema migrations (Flyway, the same scripts for
 * H2, MariaDB and PostgreSQL), one transaction per unit of work with retries when concurrent
 * writers collide, and tables that keep each resource as a JSON document beside the columns that
 * filters, sorting and unique constraints need.
 */
package org.weft.store;
