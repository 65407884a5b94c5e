package org.weft.dataplane.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-lived process Weft starts and owns (ovsdb-server, dnsmasq, haproxy, a broker in the lab),
 * with its output in a log file. It is stopped by its pid, and only if the pid still belongs to the
 * process that was started: a pid reused by the kernel since then is left alone.
 */
public final class ChildProcess {
    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);

    private final String name;
    private final List<String> argv;
    private final ProcessHandle handle;
    private final Instant startedAt;

    private ChildProcess(String name, List<String> argv, ProcessHandle handle) {
        this.name = name;
        this.argv = List.copyOf(argv);
        this.handle = handle;
        this.startedAt = handle.info().startInstant().orElse(Instant.EPOCH);
    }

    /**
     * Starts {@code argv} with standard output and error appended to {@code logFile}, and {@code
     * environment} added to this process's own.
     */
    public static ChildProcess start(
            String name, List<String> argv, Path logFile, Map<String, String> environment) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(argv);
            builder.environment().putAll(environment);
            builder.redirectErrorStream(true);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process process = builder.start();
            log.info("started {} pid={} log={}", name, process.pid(), logFile);
            return new ChildProcess(name, argv, process.toHandle());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start " + name + " (" + argv.get(0) + "): " + e, e);
        }
    }

    /**
     * The process with {@code pid} if it is still the one started at {@code startedAt} (as recorded
     * in a state file by an earlier run), so that it can be stopped after a crash.
     */
    public static Optional<ChildProcess> adopt(String name, long pid, Instant startedAt) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(
                        handle ->
                                handle.info()
                                        .startInstant()
                                        .map(started -> sameInstant(started, startedAt))
                                        .orElse(false))
                .map(handle -> new ChildProcess(name, List.of(), handle));
    }

    private static boolean sameInstant(Instant a, Instant b) {
        // The kernel reports start times in clock ticks; allow for the rounding.
        return Duration.between(a, b).abs().compareTo(Duration.ofMillis(50)) <= 0;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return handle.pid();
    }

    /** When the process started, as the kernel reports it; recorded to adopt it later. */
    public Instant startedAt() {
        return startedAt;
    }

    public List<String> argv() {
        return argv;
    }

    public boolean isAlive() {
        return handle.isAlive();
    }

    /**
     * Asks the process to end (SIGTERM), then kills it if it is still there after {@code grace}.
     */
    public void stop(Duration grace) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        if (!waitForExit(grace)) {
            log.warn("{} pid={} did not end within {}, killing it", name, pid(), grace);
            handle.destroyForcibly();
            waitForExit(Duration.ofSeconds(5));
        }
        log.info("stopped {} pid={}", name, pid());
    }

    /** Kills the process at once (SIGKILL), as a crash would. */
    public void kill() {
        handle.destroyForcibly();
        waitForExit(Duration.ofSeconds(5));
    }

    /** Waits until the process has ended; whether it did within {@code limit}. */
    public boolean waitForExit(Duration limit) {
        try {
            handle.onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return name + "(pid=" + pid() + ")";
    }
}
