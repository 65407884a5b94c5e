package org.weft.lab.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.weft.dataplane.linux.ChildProcess;
import org.weft.dataplane.linux.Command;

/**
 * A PostgreSQL server of a test's or a benchmark's own: its own cluster (data directory, socket
 * directory, log) under {@code directory}, none of the machine's clusters or settings, listening on
 * one loopback port. PostgreSQL refuses to run as root, so the cluster belongs to the {@code
 * postgres} user the Debian package creates, and every command runs as that user.
 */
public final class PostgreSqlServer {
    private static final Duration READY_LIMIT = Duration.ofSeconds(60);
    private static final String OWNER = "postgres";

    private final Path directory;
    private final String bindAddress;
    private final int port;
    private final Path binaries;
    private ChildProcess process;

    public PostgreSqlServer(Path directory, String bindAddress, int port) {
        this.directory = directory.toAbsolutePath();
        this.bindAddress = bindAddress;
        this.port = port;
        this.binaries = newestBinaries();
    }

    public int port() {
        return port;
    }

    /**
     * Creates the cluster unless it exists (UTF-8 with the C collation, which sorts text byte by
     * byte as H2 does), starts the server and waits until it accepts connections.
     */
    public ChildProcess start() {
        if (!Files.isDirectory(dataDirectory())) {
            createCluster();
        }
        process =
                ChildProcess.start(
                        "postgres",
                        asOwner(
                                List.of(
                                        binary("postgres"),
                                        "-D",
                                        dataDirectory().toString(),
                                        "-p",
                                        Integer.toString(port),
                                        "-k",
                                        directory.toString(),
                                        "-c",
                                        "listen_addresses=" + bindAddress,
                                        "-c",
                                        "max_connections=200",
                                        "-c",
                                        "shared_buffers=32MB")),
                        logFile(),
                        Map.of());
        awaitReady();
        return process;
    }

    /** Stops the server at once, cutting its connections, as {@code pg_ctl stop -m fast} does. */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        Command.of(
                        asOwner(
                                List.of(
                                        binary("pg_ctl"),
                                        "-D",
                                        dataDirectory().toString(),
                                        "-m",
                                        "fast",
                                        "-w",
                                        "stop")))
                .withTimeout(Duration.ofSeconds(60))
                .execute();
        process.stop(Duration.ofSeconds(10));
    }

    public Path logFile() {
        return directory.resolve("postgres.log");
    }

    /**
     * Creates the user {@code user} with {@code password} and the database {@code name} it owns.
     */
    public void createDatabase(String name, String user, String password) {
        execute(
                "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
                        + user
                        + "') THEN CREATE ROLE "
                        + user
                        + " LOGIN PASSWORD '"
                        + password
                        + "'; END IF; END$$;");
        execute(
                "CREATE DATABASE "
                        + name
                        + " OWNER "
                        + user
                        + " ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
    }

    /** Runs {@code sql} as the superuser over the socket; returns what it printed. */
    public String execute(String sql) {
        return Command.of(
                        asOwner(
                                List.of(
                                        binary("psql"),
                                        "-h",
                                        directory.toString(),
                                        "-p",
                                        Integer.toString(port),
                                        "-U",
                                        OWNER,
                                        "-d",
                                        "postgres",
                                        "-v",
                                        "ON_ERROR_STOP=1",
                                        "-At",
                                        "-c",
                                        sql)))
                .run();
    }

    private void createCluster() {
        try {
            Files.createDirectories(directory);
            UserPrincipal owner =
                    directory
                            .getFileSystem()
                            .getUserPrincipalLookupService()
                            .lookupPrincipalByName(OWNER);
            Files.setOwner(directory, owner);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + directory + ": " + e, e);
        }
        Command.of(
                        asOwner(
                                List.of(
                                        binary("initdb"),
                                        "-D",
                                        dataDirectory().toString(),
                                        "-U",
                                        OWNER,
                                        "--auth-local=trust",
                                        "--auth-host=scram-sha-256",
                                        "--encoding=UTF8",
                                        "--locale=C")))
                .withTimeout(Duration.ofMinutes(2))
                .run();
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(READY_LIMIT);
        Command ready =
                Command.of(
                        binary("pg_isready"),
                        "-h",
                        directory.toString(),
                        "-p",
                        Integer.toString(port),
                        "-q");
        while (!ready.execute().succeeded()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("postgres exited at start; see " + logFile());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        "postgres not ready within " + READY_LIMIT + "; see " + logFile());
            }
            sleep();
        }
    }

    private Path dataDirectory() {
        return directory.resolve("data");
    }

    private String binary(String name) {
        return binaries.resolve(name).toString();
    }

    private static List<String> asOwner(List<String> argv) {
        List<String> wrapped =
                new ArrayList<>(
                        List.of(
                                "setpriv",
                                "--reuid=" + OWNER,
                                "--regid=" + OWNER,
                                "--init-groups",
                                "--"));
        wrapped.addAll(argv);
        return wrapped;
    }

    /** The binaries of the newest PostgreSQL the Debian packages installed. */
    private static Path newestBinaries() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.filter(dir -> Files.isExecutable(dir.resolve("bin/postgres")))
                    .max(
                            Comparator.comparing(
                                    dir -> Integer.parseInt(dir.getFileName().toString())))
                    .map(dir -> dir.resolve("bin"))
                    .orElseThrow(
                            () ->
                                    new IllegalStateException(
                                            "no PostgreSQL under /usr/lib/postgresql; install"
                                                    + " postgresql"));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "no PostgreSQL under /usr/lib/postgresql (install postgresql): " + e, e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for postgres", e);
        }
    }
}
