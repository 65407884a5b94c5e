package org.weft.dataplane.ovs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.linux.ChildProcess;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.ovs.internal.Leftovers;

/**
 * An Open vSwitch of Weft's own: an ovsdb-server and an ovs-vswitchd with a run directory and a
 * database of their own, started in a {@link Placement} (here, a network namespace, a lab host),
 * with the userspace datapath by default. The lab's hosts, {@code all-in-one} and the tests use one
 * each.
 *
 * <p>Everything lives in the run directory: the database {@code conf.db}, its socket {@code
 * db.sock}, the daemons' pid files, control sockets and logs, and each bridge's OpenFlow management
 * socket {@code <bridge>.mgmt}. {@link #stop()} ends both daemons by pid and removes what a
 * userspace switch leaves behind in its namespace (the {@code ovs-netdev} tap and one tap per
 * internal port); {@link #start()} first clears what a crashed earlier run in the same directory
 * left.
 *
 * <p>A userspace datapath always names its own tap {@code ovs-netdev}, so two such switches cannot
 * share a network namespace: give each its own.
 */
public final class PrivateSwitch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PrivateSwitch.class);

    /** The schema Debian's openvswitch-switch installs. */
    public static final Path SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");

    /** The protocols every bridge Weft makes speaks; the agents negotiate OpenFlow 1.4. */
    public static final String PROTOCOLS = "OpenFlow13,OpenFlow14";

    // sun_path holds 108 bytes; the longest name in the run directory is a 15-character
    // bridge name followed by ".snoop".
    private static final int MAX_RUN_DIRECTORY_LENGTH = 108 - 1 - 15 - 6 - 1;
    private static final Duration READY_LIMIT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Path runDirectory;
    private final Placement placement;
    private final String datapathType;
    private final boolean keepDatabase;
    private ChildProcess databaseServer;
    private ChildProcess switchDaemon;

    private PrivateSwitch(Builder builder) {
        this.runDirectory = builder.runDirectory;
        this.placement = builder.placement;
        this.datapathType = builder.datapathType;
        this.keepDatabase = builder.keepDatabase;
    }

    /** A switch whose files live in {@code runDirectory} (made if missing). */
    public static Builder builder(Path runDirectory) {
        return new Builder(runDirectory);
    }

    /** Starts a userspace switch here with a fresh database in {@code runDirectory}. */
    public static PrivateSwitch start(Path runDirectory) {
        return builder(runDirectory).start();
    }

    /**
     * Starts both daemons and returns once the database answers on its socket and ovs-vswitchd has
     * connected to it and configured itself.
     */
    public synchronized PrivateSwitch start() {
        if (switchDaemon != null) {
            throw new IllegalStateException("switch in " + runDirectory + " is already running");
        }
        Instant begin = Instant.now();
        createDirectory();
        Leftovers.clear(runDirectory, placement, !keepDatabase);
        if (!Files.exists(database())) {
            Command.of("ovsdb-tool", "create", database().toString(), SCHEMA.toString()).run();
        }
        try {
            startDatabaseServer();
            initializeDatabase();
            startSwitchDaemon();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        log.info(
                "started private switch dir={} placement={} datapath_type={} in {} ms",
                runDirectory,
                placement,
                datapathType,
                Duration.between(begin, Instant.now()).toMillis());
        return this;
    }

    /**
     * Stops ovs-vswitchd and ovsdb-server by pid and removes the tap devices, sockets and pid files
     * they leave; the database and the logs stay in the run directory. Stopping a stopped switch
     * does nothing.
     */
    public synchronized void stop() {
        stopProcess(switchDaemon);
        stopProcess(databaseServer);
        switchDaemon = null;
        databaseServer = null;
        Leftovers.clear(runDirectory, placement, false);
    }

    @Override
    public void close() {
        stop();
    }

    /** Kills both daemons at once (SIGKILL), leaving everything behind as a crash would. */
    public synchronized void kill() {
        if (switchDaemon != null) {
            switchDaemon.kill();
        }
        if (databaseServer != null) {
            databaseServer.kill();
        }
        switchDaemon = null;
        databaseServer = null;
    }

    /**
     * Stops ovsdb-server and starts it again on the same database, as an operator's restart would;
     * ovs-vswitchd and every client reconnect by themselves.
     */
    public synchronized void restartDatabaseServer() {
        stopProcess(databaseServer);
        startDatabaseServer();
    }

    /**
     * Stops ovs-vswitchd and starts it again, as an upgrade or a crash would: its flows are gone,
     * its bridges come back from the database, and OpenFlow clients reconnect by themselves.
     */
    public synchronized void restartSwitchDaemon() {
        stopProcess(switchDaemon);
        startSwitchDaemonAgain();
    }

    /**
     * Starts ovs-vswitchd on this switch's running database after the earlier one ended: stopped by
     * whoever started it (a lab, from its records) or crashed.
     */
    public synchronized void startSwitchDaemonAgain() {
        if (switchDaemon != null && switchDaemon.isAlive()) {
            throw new IllegalStateException("ovs-vswitchd in " + runDirectory + " is running");
        }
        vsctlNoWait("clear", "Open_vSwitch", ".", "datapath_types");
        startSwitchDaemon();
    }

    /** Stops ovsdb-server only, leaving ovs-vswitchd waiting to reconnect. */
    public synchronized void stopDatabaseServer() {
        stopProcess(databaseServer);
        databaseServer = null;
    }

    /** Starts ovsdb-server again after {@link #stopDatabaseServer()}. */
    public synchronized void startDatabaseServerAgain() {
        if (databaseServer != null && databaseServer.isAlive()) {
            throw new IllegalStateException("ovsdb-server in " + runDirectory + " is running");
        }
        startDatabaseServer();
    }

    public boolean isRunning() {
        return switchDaemon != null && switchDaemon.isAlive();
    }

    public Path runDirectory() {
        return runDirectory;
    }

    public Placement placement() {
        return placement;
    }

    /** {@code netdev} (userspace) unless the builder said otherwise. */
    public String datapathType() {
        return datapathType;
    }

    public Path database() {
        return runDirectory.resolve("conf.db");
    }

    /** The unix socket ovsdb-server listens on. */
    public Path databaseSocket() {
        return runDirectory.resolve("db.sock");
    }

    /** The database's address as OVSDB tools and {@code [ovs] ovsdb_connection} write it. */
    public String databaseTarget() {
        return "unix:" + databaseSocket();
    }

    /** The OpenFlow socket ovs-vswitchd opens for {@code bridge} ({@code punix:} listener). */
    public Path managementSocket(String bridge) {
        return runDirectory.resolve(bridge + ".mgmt");
    }

    /** The pids of ovsdb-server and ovs-vswitchd, while they run. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        Optional.ofNullable(databaseServer).ifPresent(p -> pids.add(p.pid()));
        Optional.ofNullable(switchDaemon).ifPresent(p -> pids.add(p.pid()));
        return pids;
    }

    /**
     * Runs {@code ovs-vsctl} against this switch's database and returns its output, e.g. {@code
     * vsctl("add-br", "br0")}. For tests and people; Weft itself speaks OVSDB.
     */
    public String vsctl(String... arguments) {
        List<String> argv =
                new ArrayList<>(List.of("ovs-vsctl", "--db=" + databaseTarget(), "--timeout=30"));
        argv.addAll(List.of(arguments));
        return Command.of(argv).run();
    }

    /**
     * Runs {@code ovs-ofctl} with this switch's run directory, so a bridge name finds the bridge's
     * management socket: {@code ofctl("-O", "OpenFlow14", "dump-flows", "br0")}.
     */
    public String ofctl(String... arguments) {
        return Command.of(withRunDirectory("ovs-ofctl", arguments)).run();
    }

    /** Runs {@code ofctl} with {@code input} on standard input (for {@code add-flows br0 -}). */
    public String ofctlWithInput(String input, String... arguments) {
        return Command.of(withRunDirectory("ovs-ofctl", arguments)).withInput(input).run();
    }

    /** Runs {@code ovs-appctl} against this switch's ovs-vswitchd: {@code appctl("version")}. */
    public String appctl(String... arguments) {
        return appctlOf("ovs-vswitchd", arguments);
    }

    /** Runs {@code ovs-appctl} against this switch's ovsdb-server. */
    public String databaseAppctl(String... arguments) {
        return appctlOf("ovsdb-server", arguments);
    }

    /**
     * Adds {@code bridge} with this switch's datapath type and the protocols Weft speaks, as the
     * operator's setup or the lab does; the agents make their own bridges through OVSDB.
     */
    public void addBridge(String bridge) {
        vsctl(
                "--may-exist",
                "add-br",
                bridge,
                "--",
                "set",
                "Bridge",
                bridge,
                "datapath_type=" + datapathType,
                "protocols=" + PROTOCOLS);
    }

    private String appctlOf(String daemon, String... arguments) {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "ovs-appctl",
                                "--timeout=30",
                                "-t",
                                runDirectory.resolve(daemon + ".ctl").toString()));
        argv.addAll(List.of(arguments));
        return Command.of(argv).run();
    }

    // The tools run here rather than in the placement: they only talk to sockets in the run
    // directory, and entering a namespace for each call costs a process start.
    private List<String> withRunDirectory(String tool, String... arguments) {
        List<String> argv =
                new ArrayList<>(List.of("env", "OVS_RUNDIR=" + runDirectory, tool, "--timeout=30"));
        argv.addAll(List.of(arguments));
        return argv;
    }

    private void createDirectory() {
        try {
            Files.createDirectories(runDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + runDirectory, e);
        }
    }

    private void startDatabaseServer() {
        List<String> argv =
                List.of(
                        "ovsdb-server",
                        database().toString(),
                        "--remote=punix:" + databaseSocket(),
                        "--remote=db:Open_vSwitch,Open_vSwitch,manager_options",
                        "--pidfile=" + pidFile("ovsdb-server"),
                        "--unixctl=" + runDirectory.resolve("ovsdb-server.ctl"),
                        "--log-file=" + runDirectory.resolve("ovsdb-server.log"),
                        "-vconsole:err");
        databaseServer = startDaemon("ovsdb-server", argv);
        awaitDatabaseSocket();
    }

    private void startSwitchDaemon() {
        List<String> argv =
                List.of(
                        "ovs-vswitchd",
                        databaseTarget(),
                        "--pidfile=" + pidFile("ovs-vswitchd"),
                        "--unixctl=" + runDirectory.resolve("ovs-vswitchd.ctl"),
                        "--log-file=" + runDirectory.resolve("ovs-vswitchd.log"),
                        "-vconsole:err");
        switchDaemon = startDaemon("ovs-vswitchd", argv);
        awaitSwitchConfigured();
    }

    private ChildProcess startDaemon(String name, List<String> argv) {
        return ChildProcess.start(
                name,
                placement.wrap(argv),
                runDirectory.resolve(name + ".out"),
                Map.of(
                        "OVS_RUNDIR", runDirectory.toString(),
                        "OVS_DBDIR", runDirectory.toString(),
                        "OVS_LOGDIR", runDirectory.toString()));
    }

    private Path pidFile(String daemon) {
        return runDirectory.resolve(daemon + ".pid");
    }

    /**
     * Creates the database's root row and records the versions, as Open vSwitch's own start script
     * does; clears the columns ovs-vswitchd fills in, so that their reappearance says it has
     * connected.
     */
    private void initializeDatabase() {
        Command.of(
                        "ovs-vsctl",
                        "--db=" + databaseTarget(),
                        "--no-wait",
                        "--timeout=30",
                        "init",
                        "--",
                        "clear",
                        "Open_vSwitch",
                        ".",
                        "datapath_types",
                        "iface_types",
                        "--",
                        "set",
                        "Open_vSwitch",
                        ".",
                        "ovs_version=" + Versions.installed(),
                        "db_version=" + Versions.schema(SCHEMA))
                .run();
    }

    private void awaitDatabaseSocket() {
        Instant deadline = Instant.now().plus(READY_LIMIT);
        while (!databaseAnswers()) {
            checkAlive(databaseServer, deadline);
            pause();
        }
    }

    private boolean databaseAnswers() {
        if (!Files.exists(databaseSocket())) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(databaseSocket()));
        } catch (IOException e) {
            return false;
        }
    }

    // ovs-vswitchd writes the datapath and interface types it supports once it has read the
    // database and configured itself.
    private void awaitSwitchConfigured() {
        Instant deadline = Instant.now().plus(READY_LIMIT);
        while (vsctlNoWait("get", "Open_vSwitch", ".", "datapath_types").strip().equals("[]")) {
            checkAlive(switchDaemon, deadline);
            pause();
        }
    }

    private String vsctlNoWait(String... arguments) {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "ovs-vsctl",
                                "--db=" + databaseTarget(),
                                "--no-wait",
                                "--timeout=30"));
        argv.addAll(List.of(arguments));
        return Command.of(argv).run();
    }

    private void checkAlive(ChildProcess process, Instant deadline) {
        if (!process.isAlive()) {
            throw new SwitchFailedException(
                    process.name()
                            + " in "
                            + runDirectory
                            + " exited at start; see "
                            + logOf(process));
        }
        if (Instant.now().isAfter(deadline)) {
            throw new SwitchFailedException(
                    process.name()
                            + " in "
                            + runDirectory
                            + " not ready within "
                            + READY_LIMIT
                            + "; see "
                            + logOf(process));
        }
    }

    private Path logOf(ChildProcess process) {
        return runDirectory.resolve(process.name() + ".log");
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SwitchFailedException("interrupted while waiting for the switch");
        }
    }

    private static void stopProcess(ChildProcess process) {
        if (process != null) {
            process.stop(STOP_GRACE);
        }
    }

    @Override
    public String toString() {
        return "PrivateSwitch(" + runDirectory + ", " + placement + ")";
    }

    /** Settings of a {@link PrivateSwitch} before it starts. */
    public static final class Builder {
        private final Path runDirectory;
        private Placement placement = Placement.here();
        private String datapathType = "netdev";
        private boolean keepDatabase;

        private Builder(Path runDirectory) {
            this.runDirectory = runDirectory.toAbsolutePath().normalize();
            if (this.runDirectory.toString().length() > MAX_RUN_DIRECTORY_LENGTH) {
                throw new IllegalArgumentException(
                        "run directory "
                                + this.runDirectory
                                + " is longer than "
                                + MAX_RUN_DIRECTORY_LENGTH
                                + " characters; unix socket names in it would not fit");
            }
        }

        /** Where the daemons run: a network namespace or a lab host; here by default. */
        public Builder placement(Placement where) {
            this.placement = Objects.requireNonNull(where);
            return this;
        }

        /** The datapath type {@link #addBridge} gives bridges: {@code netdev} or {@code system}. */
        public Builder datapathType(String type) {
            this.datapathType = Objects.requireNonNull(type);
            return this;
        }

        /**
         * Keeps a database left in the run directory by an earlier run (as a host keeps its
         * configuration across reboots) instead of starting from an empty one.
         */
        public Builder keepDatabase() {
            this.keepDatabase = true;
            return this;
        }

        public PrivateSwitch start() {
            return new PrivateSwitch(this).start();
        }

        /** The switch, not yet started. */
        public PrivateSwitch build() {
            return new PrivateSwitch(this);
        }
    }
}
