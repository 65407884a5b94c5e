package org.weft.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a process must have to do its job (its bus, its database, its switch), as named checks that
 * each say what is wrong or nothing. A process is healthy when no check finds a problem.
 */
public final class Health {
    private final Map<String, Supplier<Optional<String>>> checks = new LinkedHashMap<>();

    /** Adds the check called {@code name}; it returns the problem it found, or nothing. */
    public synchronized Health check(String name, Supplier<Optional<String>> check) {
        checks.put(name, check);
        return this;
    }

    /** The problems found now, one line each ({@code bus: broker unreachable}). */
    public synchronized List<String> problems() {
        List<String> problems = new ArrayList<>();
        checks.forEach(
                (name, check) -> {
                    Optional<String> problem;
                    try {
                        problem = check.get();
                    } catch (RuntimeException e) {
                        problem = Optional.of("check failed: " + e);
                    }
                    problem.ifPresent(found -> problems.add(name + ": " + found));
                });
        return problems;
    }
}
