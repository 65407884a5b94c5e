package org.weft.lab.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.weft.dataplane.linux.ChildProcess;

/** Turns what the lab starts into entries of its state file. */
public final class Records {
    private Records() {}

    /** The entry of {@code process}, started on {@code host}, its output in {@code log}. */
    public static LabState.ProcessEntry of(
            ChildProcess process, String host, LabState.ProcessKind kind, Path log) {
        return new LabState.ProcessEntry(
                process.name(),
                host,
                kind,
                process.pid(),
                process.startedAt().toString(),
                log.toString(),
                process.argv());
    }

    /** The entry of a process known by its pid only (a daemon a library started). */
    public static Optional<LabState.ProcessEntry> ofPid(
            long pid, String name, String host, LabState.ProcessKind kind, Path log) {
        return ProcessHandle.of(pid)
                .flatMap(handle -> handle.info().startInstant())
                .map(
                        started ->
                                new LabState.ProcessEntry(
                                        name,
                                        host,
                                        kind,
                                        pid,
                                        started.toString(),
                                        log.toString(),
                                        List.of()));
    }

    /** Whether the recorded process is still the one that was started. */
    public static boolean isAlive(LabState.ProcessEntry entry) {
        return ChildProcess.adopt(entry.name(), entry.pid(), Instant.parse(entry.startedAt()))
                .flatMap(process -> ProcessHandle.of(process.pid()))
                .filter(ProcessSweep::isRunning)
                .isPresent();
    }
}
