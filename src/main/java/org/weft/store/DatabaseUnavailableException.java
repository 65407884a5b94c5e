package org.weft.store;

/**
 * The database could not be reached or went away during the unit of work: nothing of the work is
 * committed (unless the commit itself was lost), and a later attempt may succeed once the database
 * is back.
 */
public final class DatabaseUnavailableException extends StoreException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
