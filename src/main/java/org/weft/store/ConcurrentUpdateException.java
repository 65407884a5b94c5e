package org.weft.store;

/**
 * A row changed under this transaction (its revision moved on, or the database reported a deadlock
 * or serialization failure). {@link Store#inTransaction} retries the whole unit of work.
 */
public final class ConcurrentUpdateException extends StoreException {
    public ConcurrentUpdateException(String message) {
        super(message);
    }

    public ConcurrentUpdateException(String message, Throwable cause) {
        super(message, cause);
    }
}
