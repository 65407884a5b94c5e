package org.weft.lab.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.weft.dataplane.linux.ChildProcess;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;

/**
 * The controller's MariaDB with the guide's database: a server of the lab's own (its own data
 * directory, socket and log, none of the machine's option files), listening on the controller's
 * management address, with the database {@code quantum} and the user {@code quantumUser} (password
 * {@code quantumPass}) that the guide's {@code sql_connection} names.
 */
public final class MariaDbServer {
    public static final String DATABASE = "quantum";
    public static final String USER = "quantumUser";
    public static final String PASSWORD = "quantumPass";
    public static final int PORT = 3306;

    private static final Duration READY_LIMIT = Duration.ofSeconds(60);

    private final Path directory;
    private final Placement placement;
    private final String bindAddress;
    private final int port;

    /**
     * @param directory where its data, socket and logs go
     * @param placement the controller
     * @param bindAddress the controller's management address
     */
    public MariaDbServer(Path directory, Placement placement, String bindAddress) {
        this(directory, placement, bindAddress, PORT);
    }

    /** A server on {@code port}: a test's or a benchmark's own, beside whatever else runs. */
    public MariaDbServer(Path directory, Placement placement, String bindAddress, int port) {
        this.directory = directory;
        this.placement = placement;
        this.bindAddress = bindAddress;
        this.port = port;
    }

    /**
     * Creates the data directory, starts the server, and creates the guide's database and user;
     * {@code started} hears of the server's process as soon as it exists.
     */
    public ChildProcess start(Consumer<ChildProcess> started) {
        createDataDirectory();
        ChildProcess server =
                ChildProcess.start(
                        "mariadbd",
                        placement.wrap(
                                List.of(
                                        "mariadbd",
                                        "--no-defaults",
                                        "--user=root",
                                        "--datadir=" + dataDirectory(),
                                        "--socket=" + socket(),
                                        "--pid-file=" + directory.resolve("mariadbd.pid"),
                                        "--log-error=" + logFile(),
                                        "--bind-address=" + bindAddress,
                                        "--port=" + port,
                                        "--skip-name-resolve",
                                        "--innodb-buffer-pool-size=32M",
                                        "--performance-schema=OFF")),
                        directory.resolve("mariadbd.out"),
                        Map.of());
        started.accept(server);
        awaitSocket(server);
        createGuideDatabase();
        return server;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return directory.resolve("mariadbd.log");
    }

    private Path dataDirectory() {
        return directory.resolve("data");
    }

    private Path socket() {
        return directory.resolve("mariadbd.sock");
    }

    private void createDataDirectory() {
        if (Files.isDirectory(dataDirectory().resolve("mysql"))) {
            return;
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory + ": " + e, e);
        }
        Command.of(
                        "mariadb-install-db",
                        "--no-defaults",
                        "--user=root",
                        "--datadir=" + dataDirectory(),
                        "--auth-root-authentication-method=socket",
                        "--skip-test-db")
                .in(placement)
                .withTimeout(Duration.ofMinutes(2))
                .run();
    }

    private void createGuideDatabase() {
        createDatabase(DATABASE, USER, PASSWORD);
    }

    /**
     * Creates the database {@code name} (if missing) and a user {@code user} who may do anything in
     * it, from any address; as root over the server's socket.
     */
    public void createDatabase(String name, String user, String password) {
        execute(
                "CREATE DATABASE IF NOT EXISTS "
                        + name
                        + ";\n"
                        + "CREATE USER IF NOT EXISTS '"
                        + user
                        + "'@'%' IDENTIFIED BY '"
                        + password
                        + "';\n"
                        + "GRANT ALL ON "
                        + name
                        + ".* TO '"
                        + user
                        + "'@'%';\n");
    }

    /** Runs {@code sql} as root over the server's socket; returns what it printed. */
    public String execute(String sql) {
        return Command.of("mariadb", "--no-defaults", "--socket=" + socket(), "-u", "root", "-N")
                .in(placement)
                .withInput(sql)
                .run();
    }

    private void awaitSocket(ChildProcess server) {
        Instant deadline = Instant.now().plus(READY_LIMIT);
        Command ping =
                Command.of(
                                "mariadb-admin",
                                "--no-defaults",
                                "--socket=" + socket(),
                                "-u",
                                "root",
                                "ping")
                        .in(placement);
        while (!ping.execute().succeeded()) {
            if (!server.isAlive()) {
                throw new IllegalStateException("mariadbd exited at start; see " + logFile());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        "mariadbd not ready within " + READY_LIMIT + "; see " + logFile());
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for mariadbd", e);
        }
    }
}
