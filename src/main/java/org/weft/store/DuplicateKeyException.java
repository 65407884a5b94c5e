package org.weft.store;

/**
 * An insert or update that a unique constraint refused, with the constraint's name so that callers
 * can tell an address already taken from a MAC address already taken.
 */
public final class DuplicateKeyException extends StoreException {
    private final String constraint;

    public DuplicateKeyException(String constraint, Throwable cause) {
        super("unique constraint " + constraint + " violated", cause);
        this.constraint = constraint;
    }

    public String constraint() {
        return constraint;
    }
}
