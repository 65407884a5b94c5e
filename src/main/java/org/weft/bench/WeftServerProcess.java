package org.weft.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code weft server} as a child JVM on a loopback port with its own data directory, as an operator
 * would run it: same class path as this JVM, the command line the server documents, its output in a
 * log file. Started servers answer {@code GET /} before {@link #start} returns.
 *
 * <p>Port 0 lets the kernel choose a free port, which the server announces on its standard output
 * ({@code weft server: listening on HOST:PORT}); runs of the same tests in several checkouts at
 * once then never meet on a port.
 */
public final class WeftServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern LISTENING = Pattern.compile("listening on [^\\s]+:(\\d+)");

    private final Process process;
    private final Path log;
    private URI base;

    private WeftServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code weft server --bind 127.0.0.1:PORT --data-dir DATA_DIR} plus {@code extraArgs},
     * writing its output to {@code DATA_DIR/../<dir name>.log}, and waits until it answers. {@code
     * port} 0 takes any free port.
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
        WeftServerProcess server = new WeftServerProcess(process, log);
        try {
            server.awaitAnswer(port);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** A server on any free port. */
    public static WeftServerProcess start(Path dataDir) throws IOException {
        return start(0, dataDir, List.of(), List.of());
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

    private void awaitAnswer(int port) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(
                        "weft server exited with status "
                                + process.exitValue()
                                + " before answering; its output:\n"
                                + tailOfLog());
            }
            Optional<Integer> listening = port != 0 ? Optional.of(port) : announcedPort();
            if (listening.isPresent() && answersRoot(listening.get())) {
                base = URI.create("http://127.0.0.1:" + listening.get());
                return;
            }
            sleep(200);
        }
        throw new IOException(
                "weft server did not answer within " + START_TIMEOUT + ":\n" + tailOfLog());
    }

    /** The port the server said it listens on, once it has said so. */
    private Optional<Integer> announcedPort() throws IOException {
        Matcher matcher = LISTENING.matcher(Files.readString(log));
        return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }

    private static boolean answersRoot(int port) {
        URI root = URI.create("http://127.0.0.1:" + port);
        try (HttpConnection connection = new HttpConnection(root, 2_000)) {
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
