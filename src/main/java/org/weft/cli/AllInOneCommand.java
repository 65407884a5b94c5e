package org.weft.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.agent.AgentHost;
import org.weft.agent.l3.L3AgentOptions;
import org.weft.bus.Bus;
import org.weft.bus.BusFactory;
import org.weft.config.Config;
import org.weft.dataplane.ovs.PrivateSwitch;
import org.weft.metrics.MetricsOptions;
import org.weft.server.Server;
import org.weft.server.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code weft all-in-one}: the server and every agent in one process, on a switch of its own, the
 * in-process bus and the embedded database; the quickest way to try the API and the agents by hand
 * on one host. It works in the namespaces it is started in: the switch's bridges and the agents'
 * {@code qdhcp-} and {@code qrouter-} namespaces appear there, as on a network node.
 */
@Command(
        name = "all-in-one",
        mixinStandardHelpOptions = true,
        description =
                "Runs the server, the OVS, DHCP, l3 and metadata agents in one process, on a"
                        + " private Open vSwitch (userspace datapath) and the in-process bus.")
final class AllInOneCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(AllInOneCommand.class);

    @Mixin ConfigFiles configFiles;

    @Option(
            names = "--run-dir",
            paramLabel = "DIR",
            defaultValue = "/var/lib/weft/all-in-one",
            description =
                    "Where the switch, the database and the agents' files live (default:"
                            + " ${DEFAULT-VALUE}); kept from one run to the next.")
    Path runDirectory;

    @Override
    public Integer call() throws InterruptedException {
        Path run = runDirectory.toAbsolutePath();
        Config config = settings(configFiles.load("all-in-one"), run);
        try (ShutdownSignal signal = ShutdownSignal.install();
                PrivateSwitch ovs =
                        PrivateSwitch.builder(run.resolve("ovs")).keepDatabase().start();
                Bus bus = BusFactory.create(config, "all-in-one");
                Monitoring monitoring = Monitoring.start(config, MetricsOptions.SERVER_PORT, bus);
                Running cloud = start(config, bus, ovs)) {
            log.info(
                    "all-in-one running host={} api=http://{}:{}/ ovsdb={}",
                    AgentHost.of(config),
                    config.get(ServerOptions.BIND_HOST),
                    config.get(ServerOptions.BIND_PORT),
                    ovs.databaseTarget());
            System.out.println(
                    "weft all-in-one: API on http://"
                            + config.get(ServerOptions.BIND_HOST)
                            + ":"
                            + config.get(ServerOptions.BIND_PORT)
                            + "/, switch at "
                            + ovs.databaseTarget()
                            + ", host "
                            + AgentHost.of(config));
            signal.await();
        }
        return 0;
    }

    /**
     * What the all-in-one needs below the given files (noauth, the embedded database, the API on
     * loopback) and what it sets over them (its switch, its directories, the in-process bus).
     */
    static Config settings(Config given, Path run) {
        Config defaults =
                Config.fromText(
                        "all-in-one defaults",
                        """
                        [DEFAULT]
                        auth_strategy = noauth
                        bind_host = 127.0.0.1
                        bind_port = 9696
                        """);
        Config own =
                Config.fromText(
                        "all-in-one",
                        """
                        [DEFAULT]
                        transport_url = fake://
                        state_path = %1$s/state
                        lock_path = %1$s/lock
                        [database]
                        connection = sqlite://
                        [ovs]
                        ovsdb_connection = unix:%1$s/ovs/db.sock
                        datapath_type = netdev
                        """
                                .formatted(run));
        return defaults.overlaidWith(given).overlaidWith(own);
    }

    /** The server on its port and every agent, on {@code bus} and the switch {@code ovs}. */
    static Running start(Config config, Bus bus, PrivateSwitch ovs) {
        ovs.addBridge(config.get(L3AgentOptions.EXTERNAL_NETWORK_BRIDGE));
        Running running = new Running("all-in-one");
        try {
            // The server closes the bus when it closes, after every agent has.
            running.hold(
                    Server.prepare(config, Server.dataDir(config, null))
                            .connect(bus)
                            .start(
                                    config.get(ServerOptions.BIND_HOST),
                                    config.get(ServerOptions.BIND_PORT)));
            running.hold(OvsAgentCommand.start(config, bus));
            running.hold(DhcpAgentCommand.start(config, bus));
            running.hold(L3AgentCommand.start(config, bus));
            running.hold(MetadataAgentCommand.start(config, bus));
            return running;
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
    }
}
