package org.weft.server.service;

import java.util.Optional;

/**
 * One committed change of a resource: its state before (empty when it was created) and after (empty
 * when it was deleted).
 */
public record Change<T>(Optional<T> before, Optional<T> after) {

    /** What happened to the resource. */
    public enum Kind {
        CREATED,
        UPDATED,
        DELETED
    }

    public Change {
        if (before.isEmpty() && after.isEmpty()) {
            throw new IllegalArgumentException("a change needs a state before or after");
        }
    }

    public static <T> Change<T> created(T resource) {
        return new Change<>(Optional.empty(), Optional.of(resource));
    }

    public static <T> Change<T> updated(T before, T after) {
        return new Change<>(Optional.of(before), Optional.of(after));
    }

    public static <T> Change<T> deleted(T resource) {
        return new Change<>(Optional.of(resource), Optional.empty());
    }

    public Kind kind() {
        if (before.isEmpty()) {
            return Kind.CREATED;
        }
        return after.isEmpty() ? Kind.DELETED : Kind.UPDATED;
    }

    /** The resource as it is now, or as it was when deleted. */
    public T latest() {
        return after.or(() -> before).orElseThrow();
    }
}
