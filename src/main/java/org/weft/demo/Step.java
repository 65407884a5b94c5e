package org.weft.demo;

import java.time.Duration;

/**
 * One step of the demo as it ran: what it checked, whether it held, how long it took, and what it
 * saw (or where to look when it failed).
 */
public record Step(String name, boolean passed, Duration took, String detail) {

    static Step passed(String name, Duration took, String detail) {
        return new Step(name, true, took, detail);
    }

    static Step failed(String name, Duration took, String detail) {
        return new Step(name, false, took, detail);
    }
}
