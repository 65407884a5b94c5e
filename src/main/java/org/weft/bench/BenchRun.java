package org.weft.bench;

import java.time.Duration;
import java.time.Instant;

/** One finished run of a benchmark: what was run, when, where, and what it measured. */
public record BenchRun(
        String benchmark,
        String command,
        Instant started,
        Duration took,
        Machine machine,
        String loadAverageAtEnd,
        BenchReport report) {}
