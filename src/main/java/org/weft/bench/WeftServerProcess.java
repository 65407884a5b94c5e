package org.weft.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code weft server} as a child JVM on a loopback port with its own data directory, as an operator
 * would run it: same class path as this JVM, the command line the server documents, its output in a
 * log file. Started servers answer {@code GET /} before {@link #start} returns.
 */
public final class WeftServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final URI base;
    private final Path log;

    private WeftServerProcess(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /**
     * Starts {@code weft server --bind 127.0.0.1:PORT --data-dir DATA_DIR} plus {@code extraArgs},
     * writing its output to {@code DATA_DIR/../<dir name>.log}, and waits until it answers.
     */
    public static WeftServerProcess start(
            int port, Path dataDir, List<String> jvmArgs, List<String> extraArgs)
            throws IOException {
        Files.createDirectories(dataDir);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(
                List.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.weft.cli.Main",
                        "server",
                        "--bind",
                        "127.0.0.1:" + port,
                        "--data-dir",
                        dataDir.toString()));
        command.addAll(extraArgs);
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        WeftServerProcess server =
                new WeftServerProcess(process, URI.create("http://127.0.0.1:" + port), log);
        server.awaitAnswer();
        return server;
    }

    public static WeftServerProcess start(int port, Path dataDir) throws IOException {
        return start(port, dataDir, List.of(), List.of());
    }

    public URI base() {
        return base;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    private void awaitAnswer() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        "weft server exited with status "
                                + process.exitValue()
                                + " before answering; its output:\n"
                                + tailOfLog());
            }
            if (answersRoot()) {
                return;
            }
            sleep(200);
        }
        close();
        throw new IOException(
                "weft server did not answer on "
                        + base
                        + " within "
                        + START_TIMEOUT
                        + ":\n"
                        + tailOfLog());
    }

    private boolean answersRoot() {
        try (HttpConnection connection = new HttpConnection(base, 2_000)) {
            return connection.send("GET", "/", Map.of("Accept", "application/json")).status()
                    == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last lines the server wrote, for failure messages. */
    public String tailOfLog() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Stops the server with SIGTERM, and with SIGKILL if it has not exited ten seconds later. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for weft server", e);
        }
    }
}
