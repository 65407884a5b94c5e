package org.weft.bench.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The reference Neutron server of {@code shared/reference/neutron}: reused when it already answers,
 * otherwise started with its own {@code start.sh} and, because this run started it, stopped with
 * its {@code stop.sh} at the end. Its processes (neutron-server with its workers, MariaDB) are
 * found through the pid files {@code start.sh} writes, for CPU accounting.
 */
public final class ReferenceNeutron implements AutoCloseable {
    public static final URI DEFAULT_URL = URI.create("http://127.0.0.1:9696");

    private final URI base;
    private final Path dir;
    private final Path log;
    private final boolean startedHere;

    private ReferenceNeutron(URI base, Path dir, Path log, boolean startedHere) {
        this.base = base;
        this.dir = dir;
        this.log = log;
        this.startedHere = startedHere;
    }

    /** A reference server someone else runs at {@code base}; never stopped from here. */
    public static ReferenceNeutron attach(URI base, Path dir) throws IOException {
        if (!NeutronApi.answers(base)) {
            throw new IOException("the reference server at " + base + " does not answer");
        }
        return new ReferenceNeutron(base, dir, null, false);
    }

    /** The reference at its default address, started through {@code dir/start.sh} if needed. */
    public static ReferenceNeutron ensureRunning(Path dir, Path log) throws IOException {
        if (NeutronApi.answers(DEFAULT_URL)) {
            return new ReferenceNeutron(DEFAULT_URL, dir, log, false);
        }
        runScript(dir.resolve("start.sh"), log, 15);
        if (!NeutronApi.answers(DEFAULT_URL)) {
            throw new IOException("start.sh finished but " + DEFAULT_URL + " does not answer");
        }
        return new ReferenceNeutron(DEFAULT_URL, dir, log, true);
    }

    public URI base() {
        return base;
    }

    public boolean startedHere() {
        return startedHere;
    }

    /**
     * neutron-server's (its workers are its children) and MariaDB's pids, as start.sh wrote them.
     */
    public ProcessCpu cpu() {
        Path run = runDir();
        return ProcessCpu.of(
                () -> {
                    List<Long> pids = new ArrayList<>();
                    for (String name : List.of("neutron-server.pid", "mariadb.pid")) {
                        readPid(run.resolve(name)).ifPresent(pids::add);
                    }
                    return pids;
                });
    }

    private Path runDir() {
        String run = System.getenv("NEUTRON_REF_RUN");
        return run != null ? Path.of(run) : dir.resolve("run");
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void runScript(Path script, Path log, int timeoutMinutes) throws IOException {
        Process process =
                new ProcessBuilder(script.toString())
                        .directory(script.getParent().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
        try {
            if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                process.destroy();
                throw new IOException(script + " did not finish in " + timeoutMinutes + " min");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + script, e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(
                    script + " failed with status " + process.exitValue() + "; see " + log);
        }
    }

    /** Stops the reference with its stop.sh, only if this run started it. */
    @Override
    public void close() throws IOException {
        if (startedHere) {
            runScript(dir.resolve("stop.sh"), log, 5);
        }
    }
}
