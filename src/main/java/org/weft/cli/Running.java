package org.weft.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a started process holds, closed in the reverse order of starting: an agent stops reporting
 * before it stops working, and stops working before its switch connection goes. A failure to close
 * one part is logged and the others still close.
 */
final class Running implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Running.class);

    private final String name;
    private final Deque<AutoCloseable> parts = new ArrayDeque<>();

    Running(String name) {
        this.name = name;
    }

    /** Holds {@code part} until this closes; returns it. */
    <T extends AutoCloseable> T hold(T part) {
        parts.push(part);
        return part;
    }

    @Override
    public void close() {
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.warn("cannot close a part of process={}: {}", name, e.toString());
            }
        }
    }
}
