package org.weft.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.weft.dataplane.linux.ChildProcess;
import org.weft.dataplane.linux.Placement;
import org.weft.lab.internal.MariaDbServer;
import org.weft.lab.internal.PostgreSqlServer;
import org.weft.testing.LoopbackPorts;

/**
 * The database the API tests run on, chosen with {@code -Dweft.test.database}: {@code h2} (the
 * default: each server's embedded database), {@code mariadb} or {@code postgresql}. For the last
 * two, one private server per test JVM (its own data directory under {@code /tmp}, a loopback port
 * of its own, stopped when the JVM exits) holds a fresh database for every test server.
 */
public final class TestDatabases {
    /** The products a test can run on. */
    public enum Product {
        H2,
        MARIADB,
        POSTGRESQL
    }

    public static final String USER = "weft";
    public static final String PASSWORD = "weft+Pass";
    private static final String RUN_PREFIX = "wdb-";
    private static final AtomicInteger databases = new AtomicInteger();
    private static MariaDbServer mariaDb;
    private static PostgreSqlServer postgreSql;

    private TestDatabases() {}

    /** The product {@code -Dweft.test.database} names. */
    public static Product selected() {
        String name = System.getProperty("weft.test.database", "h2").strip();
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "", "h2" -> Product.H2;
            case "mariadb", "mysql" -> Product.MARIADB;
            case "postgresql", "postgres" -> Product.POSTGRESQL;
            default ->
                    throw new IllegalArgumentException(
                            "-Dweft.test.database="
                                    + name
                                    + ": expected h2, mariadb or postgresql");
        };
    }

    /**
     * The {@code [database] connection} of a new, empty database on the selected product; empty for
     * H2, whose embedded database each server makes itself.
     */
    public static Optional<String> newConnection() {
        return selected() == Product.H2 ? Optional.empty() : Optional.of(newConnection(selected()));
    }

    /** The connection URL of a new, empty database on {@code product} (not H2). */
    public static synchronized String newConnection(Product product) {
        String name = "weft_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        return switch (product) {
            case MARIADB -> {
                MariaDbServer server = mariaDb();
                server.createDatabase(name, USER, PASSWORD);
                yield "mysql://" + USER + ":weft%2BPass@127.0.0.1:" + server.port() + "/" + name;
            }
            case POSTGRESQL -> {
                PostgreSqlServer server = postgreSql();
                server.createDatabase(name, USER, PASSWORD);
                yield "postgresql+psycopg2://"
                        + USER
                        + ":weft%2BPass@127.0.0.1:"
                        + server.port()
                        + "/"
                        + name;
            }
            case H2 -> throw new IllegalArgumentException("H2 databases are embedded");
        };
    }

    /** The JVM's MariaDB server, started on first use. */
    public static synchronized MariaDbServer mariaDb() {
        if (mariaDb == null) {
            sweepLeftovers();
            MariaDbServer server =
                    new MariaDbServer(
                            runDirectory("mariadb"), Placement.here(), "127.0.0.1", freePort());
            ChildProcess process = server.start(started -> {});
            stopAtExit(process::stop, runDirectory("mariadb"));
            mariaDb = server;
        }
        return mariaDb;
    }

    /** The JVM's PostgreSQL server, started on first use. */
    public static synchronized PostgreSqlServer postgreSql() {
        if (postgreSql == null) {
            sweepLeftovers();
            PostgreSqlServer server =
                    new PostgreSqlServer(runDirectory("postgresql"), "127.0.0.1", freePort());
            server.start();
            stopAtExit(grace -> server.stop(), runDirectory("postgresql"));
            postgreSql = server;
        }
        return postgreSql;
    }

    /**
     * A server of {@code product} (not H2) for one test alone, which may stop and start it: its own
     * run directory and port, one database in it.
     */
    public static PrivateServer privateServer(Product product, String purpose) {
        sweepLeftovers();
        Path directory =
                Path.of(runDirectory(product.name().toLowerCase(Locale.ROOT)) + "-" + purpose);
        deleteTree(directory);
        PrivateServer server =
                product == Product.MARIADB
                        ? new PrivateMariaDb(directory)
                        : new PrivatePostgreSql(directory);
        server.start();
        server.createDatabase();
        return server;
    }

    /** See {@link #privateServer}. */
    public abstract static class PrivateServer implements AutoCloseable {
        protected final Path directory;
        protected final int port = freePort();

        PrivateServer(Path directory) {
            this.directory = directory;
        }

        /** Starts the server (again, on the same data and port, after {@link #stop}). */
        public abstract void start();

        /** Stops the server, cutting its clients' connections. */
        public abstract void stop();

        abstract void createDatabase();

        /** The {@code [database] connection} of its database. */
        public abstract String connection();

        @Override
        public void close() {
            stop();
            deleteTree(directory);
        }
    }

    private static final class PrivateMariaDb extends PrivateServer {
        private final MariaDbServer server;
        private ChildProcess process;

        PrivateMariaDb(Path directory) {
            super(directory);
            server = new MariaDbServer(directory, Placement.here(), "127.0.0.1", port);
        }

        @Override
        public void start() {
            process = server.start(started -> {});
        }

        @Override
        public void stop() {
            if (process != null) {
                process.stop(java.time.Duration.ofSeconds(30));
            }
        }

        @Override
        void createDatabase() {
            server.createDatabase("weft", USER, PASSWORD);
        }

        @Override
        public String connection() {
            return "mysql+pymysql://" + USER + ":weft%2BPass@127.0.0.1:" + port + "/weft";
        }
    }

    private static final class PrivatePostgreSql extends PrivateServer {
        private final PostgreSqlServer server;

        PrivatePostgreSql(Path directory) {
            super(directory);
            server = new PostgreSqlServer(directory, "127.0.0.1", port);
        }

        @Override
        public void start() {
            server.start();
        }

        @Override
        public void stop() {
            server.stop();
        }

        @Override
        void createDatabase() {
            server.createDatabase("weft", USER, PASSWORD);
        }

        @Override
        public String connection() {
            return "postgresql://" + USER + ":weft%2BPass@127.0.0.1:" + port + "/weft";
        }
    }

    private static int freePort() {
        return LoopbackPorts.free(22000, 100);
    }

    private static Path runDirectory(String product) {
        return Path.of("/tmp", RUN_PREFIX + product + "-" + ProcessHandle.current().pid());
    }

    private interface Stopper {
        void stop(java.time.Duration grace);
    }

    private static void stopAtExit(Stopper stopper, Path directory) {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    stopper.stop(java.time.Duration.ofSeconds(20));
                                    deleteTree(directory);
                                }));
    }

    /**
     * Stops the servers of earlier test JVMs that died without their shutdown hooks (killed), found
     * by their run directories, and deletes those directories.
     */
    private static void sweepLeftovers() {
        try (Stream<Path> entries = Files.list(Path.of("/tmp"))) {
            for (Path dir : entries.filter(TestDatabases::isOrphanRun).toList()) {
                for (Path pidFile :
                        List.of(dir.resolve("mariadbd.pid"), dir.resolve("data/postmaster.pid"))) {
                    stopRecorded(pidFile, dir);
                }
                deleteTree(dir);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /tmp: " + e, e);
        }
    }

    private static boolean isOrphanRun(Path dir) {
        String name = dir.getFileName().toString();
        if (!name.matches(RUN_PREFIX + "(mariadb|postgresql)-[0-9]+(-[a-z]+)?")) {
            return false;
        }
        long owner = Long.parseLong(name.split("-")[2]);
        return ProcessHandle.of(owner).map(handle -> !handle.isAlive()).orElse(true);
    }

    private static void stopRecorded(Path pidFile, Path dir) throws IOException {
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        ProcessHandle.of(pid)
                .filter(handle -> handle.info().commandLine().orElse("").contains(dir.toString()))
                .ifPresent(
                        handle -> {
                            handle.destroyForcibly();
                            handle.onExit().join();
                        });
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A server still writing while the JVM exits; the next run sweeps what remains.
        }
    }
}
