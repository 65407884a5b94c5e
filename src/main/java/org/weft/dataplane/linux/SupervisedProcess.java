package org.weft.dataplane.linux;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.metrics.AgentMeters;

/**
 * A daemon an agent keeps running (a router's haproxy or radvd, a network's dnsmasq): started in a
 * {@link Placement}, respawned when it dies, and recorded in a state file so that the next agent
 * adopts it instead of starting a second one. Adoption is what lets an agent restart without
 * interrupting the service the daemon gives.
 *
 * <p>The state file holds the pid, the kernel's start time of that pid and the command line; a
 * recorded process is adopted only if all three still match.
 */
public final class SupervisedProcess {
    private static final Logger log = LoggerFactory.getLogger(SupervisedProcess.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final Duration QUICK_DEATH = Duration.ofSeconds(2);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final String name;
    private final List<String> argv;
    private final Path stateFile;
    private final Path logFile;
    private final String program;
    private ChildProcess process;
    private boolean wanted;
    private Duration backoff = Duration.ZERO;
    private int generation;

    /**
     * @param name what the logs call it ({@code haproxy router=…})
     * @param placement where it runs
     * @param argv its command line, run in the foreground
     * @param runDirectory where its state file and log go
     */
    public SupervisedProcess(
            String name, Placement placement, List<String> argv, Path runDirectory) {
        this.name = name;
        this.argv = placement.wrap(argv);
        String base = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
        this.program = base;
        this.stateFile = runDirectory.resolve(base + ".process.json");
        this.logFile = runDirectory.resolve(base + ".log");
    }

    /**
     * Ensures the daemon runs: keeps the one this object started, adopts the one a previous agent
     * recorded, or starts it.
     */
    public synchronized void ensureRunning() {
        wanted = true;
        if (process != null && process.isAlive()) {
            return;
        }
        Optional<ChildProcess> adopted = adoptRecorded();
        if (adopted.isPresent()) {
            process = adopted.get();
            log.info("adopted {} pid={}", name, process.pid());
            watch(process);
            return;
        }
        start();
    }

    /** Stops the daemon and starts it again, to take a changed configuration file. */
    public synchronized void restart() {
        wanted = true;
        stopCurrent();
        start();
        AgentMeters.daemonRestarted(program, "reconfigured");
    }

    /** Stops the daemon for good (until the next {@link #ensureRunning()}). */
    public synchronized void stop() {
        wanted = false;
        stopCurrent();
        adoptRecorded().ifPresent(recorded -> recorded.stop(GRACE));
        deleteStateFile();
    }

    /**
     * Stops watching the daemon and leaves it running, recorded, for the next agent to adopt: what
     * an agent that stops does, since it cannot respawn anything once it is gone.
     */
    public synchronized void detach() {
        wanted = false;
        generation++;
        process = null;
    }

    /** Whether the daemon is running now. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The daemon's pid, while it runs. */
    public synchronized Optional<Long> pid() {
        return isRunning() ? Optional.of(process.pid()) : Optional.empty();
    }

    public Path logFile() {
        return logFile;
    }

    private void start() {
        process = ChildProcess.start(name, argv, logFile, Map.of());
        record(process);
        watch(process);
    }

    private void stopCurrent() {
        generation++;
        if (process != null) {
            process.stop(GRACE);
            process = null;
        }
    }

    private void watch(ChildProcess watched) {
        int startedGeneration = ++generation;
        Instant started = Instant.now();
        ProcessHandle.of(watched.pid())
                .map(ProcessHandle::onExit)
                .orElse(CompletableFuture.completedFuture(null))
                .thenRun(() -> onExit(startedGeneration, started));
    }

    private void onExit(int exitedGeneration, Instant started) {
        Duration delay;
        synchronized (this) {
            if (!wanted || exitedGeneration != generation) {
                return;
            }
            boolean quick = Duration.between(started, Instant.now()).compareTo(QUICK_DEATH) < 0;
            backoff = quick ? nextBackoff() : Duration.ZERO;
            delay = backoff;
            log.warn("{} died, respawning in {} ms (log: {})", name, delay.toMillis(), logFile);
        }
        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> respawn(exitedGeneration));
    }

    private synchronized void respawn(int exitedGeneration) {
        if (wanted && exitedGeneration == generation) {
            start();
            AgentMeters.daemonRestarted(program, "died");
        }
    }

    private Duration nextBackoff() {
        Duration next = backoff.isZero() ? Duration.ofMillis(500) : backoff.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }

    private Optional<ChildProcess> adoptRecorded() {
        if (!Files.exists(stateFile)) {
            return Optional.empty();
        }
        try {
            Recorded recorded = JSON.readValue(stateFile.toFile(), Recorded.class);
            if (!recorded.argv().equals(argv)) {
                // Started with another command line (an older configuration layout): not
                // ours to keep, but still ours to stop.
                ChildProcess.adopt(name, recorded.pid(), Instant.parse(recorded.startedAt()))
                        .ifPresent(stale -> stale.stop(GRACE));
                return Optional.empty();
            }
            return ChildProcess.adopt(name, recorded.pid(), Instant.parse(recorded.startedAt()));
        } catch (IOException e) {
            log.warn("ignoring unreadable state file {} of {}: {}", stateFile, name, e.toString());
            return Optional.empty();
        }
    }

    private void record(ChildProcess started) {
        try {
            Files.createDirectories(stateFile.getParent());
            Path partial = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            JSON.writeValue(
                    partial.toFile(),
                    new Recorded(started.pid(), started.startedAt().toString(), argv));
            Files.move(partial, stateFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record " + name + " in " + stateFile, e);
        }
    }

    private void deleteStateFile() {
        try {
            Files.deleteIfExists(stateFile);
        } catch (IOException e) {
            log.warn("cannot delete state file {} of {}: {}", stateFile, name, e.toString());
        }
    }

    /** What the state file holds. */
    record Recorded(long pid, String startedAt, List<String> argv) {}
}
