package org.weft.bus.rabbit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.linux.ChildProcess;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;

/**
 * A private RabbitMQ broker from Debian's {@code rabbitmq-server}, for tests and the lab: its own
 * node name, its own epmd on its own port, its own cookie and {@code HOME}, its own database and
 * logs under one run directory, no plugins, and nothing read from the system's {@code
 * /etc/rabbitmq} ({@code rabbitmq-env.conf} and {@code advanced.config} are replaced by files of
 * the run directory). The broker and its epmd run in a {@link Placement} (the controller host in
 * the lab) and are stopped by pid; a broker left running by a crashed earlier run of the same
 * directory is stopped before a new one starts. Whatever the package's installation started is left
 * alone.
 *
 * <p>RabbitMQ admits its default {@code guest} user only from loopback. The install guide sets
 * nothing but {@code rabbit_host}, so its agents log in as {@code guest} from other hosts, which
 * the brokers of that era allowed. {@link Settings#admittingGuestFromAnyAddress()} writes {@code
 * loopback_users = none} so that they can, as the lab needs for agents in other namespaces; a
 * broker reachable from outside a test should get its own user instead.
 *
 * <p>Starting takes several seconds (about 7 on a 2-core machine): tests share one broker per test
 * class and keep apart by exchange names or virtual hosts.
 */
public final class RabbitMqServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RabbitMqServer.class);
    private static final Path SERVER_SCRIPT = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
    private static final String STATE_FILE = "pids";

    private final Settings settings;
    private final ChildProcess epmd;
    private final ChildProcess broker;
    private final Optional<ChildProcess> beam;

    private RabbitMqServer(
            Settings settings,
            ChildProcess epmd,
            ChildProcess broker,
            Optional<ChildProcess> beam) {
        this.settings = settings;
        this.epmd = epmd;
        this.broker = broker;
        this.beam = beam;
    }

    /**
     * Where and how a broker runs.
     *
     * @param name the node's name ({@code name@localhost}); unique among the brokers of a machine
     * @param runDirectory where its database, logs, configuration and pids go
     * @param placement where its processes run
     * @param bindAddress the address AMQP listens on ({@code 127.0.0.1}, or a lab host's address)
     * @param amqpPort the AMQP port
     * @param epmdPort the port of its own epmd, which listens on loopback only
     * @param distributionPort the Erlang distribution port of the node
     * @param guestFromAnyAddress whether {@code guest} may log in from other than loopback
     * @param startTimeout how long to wait for the broker to accept connections
     */
    public record Settings(
            String name,
            Path runDirectory,
            Placement placement,
            String bindAddress,
            int amqpPort,
            int epmdPort,
            int distributionPort,
            boolean guestFromAnyAddress,
            Duration startTimeout) {

        public Settings {
            Objects.requireNonNull(name);
            Objects.requireNonNull(placement);
            runDirectory = runDirectory.toAbsolutePath();
            if (!name.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("invalid broker name '" + name + "'");
            }
        }

        /** A broker here, on loopback, admitting {@code guest} from loopback only. */
        public static Settings onLoopback(
                String name, Path runDirectory, int amqpPort, int epmdPort, int distributionPort) {
            return new Settings(
                    name,
                    runDirectory,
                    Placement.here(),
                    "127.0.0.1",
                    amqpPort,
                    epmdPort,
                    distributionPort,
                    false,
                    Duration.ofSeconds(90));
        }

        /** The same broker run in {@code where}, listening on {@code address}. */
        public Settings in(Placement where, String address) {
            return new Settings(
                    name,
                    runDirectory,
                    where,
                    address,
                    amqpPort,
                    epmdPort,
                    distributionPort,
                    guestFromAnyAddress,
                    startTimeout);
        }

        /** The same broker with {@code loopback_users = none}: see {@link RabbitMqServer}. */
        public Settings admittingGuestFromAnyAddress() {
            return new Settings(
                    name,
                    runDirectory,
                    placement,
                    bindAddress,
                    amqpPort,
                    epmdPort,
                    distributionPort,
                    true,
                    startTimeout);
        }

        String nodeName() {
            return name + "@localhost";
        }
    }

    /** Starts the broker and waits until it accepts AMQP connections. */
    public static RabbitMqServer start(Settings settings) {
        Path dir = settings.runDirectory();
        stopLeftovers(dir);
        writeFiles(settings);

        ChildProcess epmd =
                ChildProcess.start(
                        "epmd " + settings.name(),
                        settings.placement()
                                .wrap(
                                        List.of(
                                                "epmd",
                                                "-port",
                                                Integer.toString(settings.epmdPort()),
                                                "-address",
                                                "127.0.0.1")),
                        dir.resolve("log/epmd.log"),
                        Map.of());
        ChildProcess broker = null;
        try {
            // Erlang starts an epmd of its own, out of our hands, when it finds none on the
            // port: the broker must not start before ours listens.
            awaitPort(settings, "127.0.0.1", settings.epmdPort(), epmd, Duration.ofSeconds(10));
            broker =
                    ChildProcess.start(
                            "rabbitmq " + settings.name(),
                            settings.placement().wrap(List.of(SERVER_SCRIPT.toString())),
                            dir.resolve("log/rabbitmq.stdout"),
                            environment(settings));
            recordPids(dir, List.of(epmd, broker));
            awaitPort(
                    settings,
                    settings.bindAddress(),
                    settings.amqpPort(),
                    broker,
                    settings.startTimeout());
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.stop(Duration.ofSeconds(20));
            }
            epmd.stop(Duration.ofSeconds(5));
            throw e;
        }
        Optional<ChildProcess> beam = adoptBeam(dir, settings.name());
        List<ChildProcess> all = new ArrayList<>(List.of(epmd, broker));
        beam.ifPresent(all::add);
        recordPids(dir, all);
        log.info(
                "broker started broker={} amqp={}:{} pid={}",
                settings.nodeName(),
                settings.bindAddress(),
                settings.amqpPort(),
                broker.pid());
        return new RabbitMqServer(settings, epmd, broker, beam);
    }

    public Settings settings() {
        return settings;
    }

    /** The {@code transport_url} that reaches this broker as {@code guest}. */
    public String transportUrl() {
        return "rabbit://guest:guest@" + settings.bindAddress() + ":" + settings.amqpPort() + "/";
    }

    public boolean isRunning() {
        return broker.isAlive();
    }

    /** Stops the broker (gracefully, then by force) and its epmd. Stopping twice does nothing. */
    public void stop() {
        broker.stop(Duration.ofSeconds(30));
        beam.ifPresent(process -> process.stop(Duration.ofSeconds(10)));
        epmd.stop(Duration.ofSeconds(5));
        try {
            Files.deleteIfExists(settings.runDirectory().resolve(STATE_FILE));
        } catch (IOException e) {
            log.debug(
                    "cannot remove the pid file of broker={}: {}",
                    settings.nodeName(),
                    e.toString());
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static Map<String, String> environment(Settings settings) {
        Path dir = settings.runDirectory();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", dir.resolve("home").toString());
        env.put("ERL_EPMD_PORT", Integer.toString(settings.epmdPort()));
        env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
        env.put("ERL_CRASH_DUMP", dir.resolve("log/erl_crash.dump").toString());
        env.put("RABBITMQ_NODENAME", settings.nodeName());
        env.put("RABBITMQ_DIST_PORT", Integer.toString(settings.distributionPort()));
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
        env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
        env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_PID_FILE", dir.resolve("rabbitmq.pid").toString());
        return env;
    }

    private static void writeFiles(Settings settings) {
        Path dir = settings.runDirectory();
        try {
            for (String sub : List.of("home", "mnesia", "log")) {
                Files.createDirectories(dir.resolve(sub));
            }
            writeCookie(dir.resolve("home/.erlang.cookie"));
            Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
            Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
            Files.writeString(dir.resolve("rabbitmq.conf"), configuration(settings));
            Files.deleteIfExists(dir.resolve("advanced.config"));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot prepare the broker's directory " + dir + ": " + e, e);
        }
    }

    private static String configuration(Settings settings) {
        String listener =
                settings.bindAddress().contains(":")
                        ? "[" + settings.bindAddress() + "]"
                        : settings.bindAddress();
        return String.join(
                "\n",
                "listeners.tcp.default = " + listener + ":" + settings.amqpPort(),
                settings.guestFromAnyAddress()
                        ? "loopback_users = none"
                        : "loopback_users.guest = true",
                "log.console = false",
                "log.file.level = info",
                "disk_free_limit.absolute = 50MB",
                "");
    }

    private static void writeCookie(Path cookie) throws IOException {
        if (Files.exists(cookie)) {
            return;
        }
        byte[] secret = new byte[20];
        new SecureRandom().nextBytes(secret);
        Files.writeString(cookie, HexFormat.of().formatHex(secret), StandardCharsets.US_ASCII);
        // Erlang refuses a cookie that others can read.
        Files.setPosixFilePermissions(cookie, PosixFilePermissions.fromString("r--------"));
    }

    private static void awaitPort(
            Settings settings, String address, int port, ChildProcess process, Duration limit) {
        Command probe =
                Command.of("bash", "-c", "exec 3<>/dev/tcp/" + address + "/" + port)
                        .in(settings.placement())
                        .withTimeout(Duration.ofSeconds(5));
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        process.name()
                                + " exited during start; see "
                                + settings.runDirectory().resolve("log"));
            }
            if (probe.execute().succeeded()) {
                return;
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException(
                process.name()
                        + " did not listen on "
                        + address
                        + ":"
                        + port
                        + " within "
                        + limit
                        + "; see "
                        + settings.runDirectory().resolve("log"));
    }

    /** The Erlang VM itself, whose pid the broker writes; stopped too if the script dies first. */
    private static Optional<ChildProcess> adoptBeam(Path dir, String name) {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve("rabbitmq.pid")).strip());
            return ProcessHandle.of(pid)
                    .flatMap(handle -> handle.info().startInstant())
                    .flatMap(started -> ChildProcess.adopt("rabbitmq vm " + name, pid, started));
        } catch (IOException | NumberFormatException e) {
            log.debug("no pid of the broker's VM in {}: {}", dir, e.toString());
            return Optional.empty();
        }
    }

    /** Writes {@code pid startInstant name} lines, to stop the processes after a crash. */
    private static void recordPids(Path dir, List<ChildProcess> processes) {
        StringBuilder text = new StringBuilder();
        for (ChildProcess process : processes) {
            text.append(process.pid())
                    .append(' ')
                    .append(process.startedAt())
                    .append(' ')
                    .append(process.name())
                    .append('\n');
        }
        try {
            Files.writeString(dir.resolve(STATE_FILE), text);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot record the broker's pids in " + dir + ": " + e, e);
        }
    }

    private static void stopLeftovers(Path dir) {
        Path state = dir.resolve(STATE_FILE);
        if (!Files.exists(state)) {
            return;
        }
        try {
            // The broker first, its epmd last: the reverse of the order they were written.
            List<String> lines = new ArrayList<>(Files.readAllLines(state));
            java.util.Collections.reverse(lines);
            for (String line : lines) {
                String[] fields = line.split(" ", 3);
                if (fields.length == 3) {
                    ChildProcess.adopt(
                                    fields[2], Long.parseLong(fields[0]), Instant.parse(fields[1]))
                            .ifPresent(
                                    leftover -> {
                                        log.warn(
                                                "stopping leftover {} of an earlier run", leftover);
                                        leftover.stop(Duration.ofSeconds(20));
                                    });
                }
            }
            Files.delete(state);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot stop the leftovers recorded in " + state + ": " + e, e);
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }
}
