package org.weft.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.agent.AgentHost;
import org.weft.agent.l3.BusRouterSource;
import org.weft.agent.l3.L3Agent;
import org.weft.agent.l3.L3AgentOptions;
import org.weft.agent.l3.RouterDriver;
import org.weft.agent.l3.RouterFilter;
import org.weft.bus.Bus;
import org.weft.bus.BusFactory;
import org.weft.bus.BusOptions;
import org.weft.bus.StateReporter;
import org.weft.bus.Topics;
import org.weft.bus.message.AgentMessages;
import org.weft.config.Config;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.ovs.OvsInterfaceDriver;
import org.weft.dataplane.ovsdb.OvsdbTarget;
import org.weft.dataplane.ovsdb.VswitchDatabase;
import org.weft.metrics.MetricsOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code weft agent l3}: the l3 agent of a network node, until it is stopped. */
@Command(
        name = "l3",
        mixinStandardHelpOptions = true,
        description = "Routers: qrouter namespaces, SNAT, floating IPs, the metadata redirect.")
final class L3AgentCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(L3AgentCommand.class);

    @Mixin ConfigFiles configFiles;

    @Override
    public Integer call() throws InterruptedException {
        Config config = configFiles.load("l3-agent");
        try (ShutdownSignal signal = ShutdownSignal.install();
                Bus bus = BusFactory.create(config, "l3-agent");
                Monitoring monitoring =
                        Monitoring.start(config, MetricsOptions.L3_AGENT_PORT, bus);
                Running agent = start(config, bus)) {
            signal.await();
        }
        return 0;
    }

    /** The l3 agent of {@code config} on {@code bus}, working and reporting until closed. */
    static Running start(Config config, Bus bus) {
        L3AgentOptions.refuseUnsupported(config);
        String host = AgentHost.of(config);
        RouterDriver.Settings settings = RouterDriver.Settings.from(config);
        Running running = new Running("l3-agent");
        try {
            VswitchDatabase database =
                    running.hold(
                            VswitchDatabase.connect(
                                    OvsdbTarget.parse(
                                            config.get(L3AgentOptions.OVSDB_CONNECTION))));
            RouterDriver driver =
                    new RouterDriver(
                            Placement.here(),
                            new OvsInterfaceDriver(Placement.here(), database),
                            settings);
            BusRouterSource source = new BusRouterSource(bus, host);
            L3Agent agent = new L3Agent(driver, source, RouterFilter.from(config), host);
            // Closed after the subscription and the reports, as it was started before them.
            running.hold(agent);
            running.hold(source.listen(agent));
            running.hold(
                    StateReporter.start(
                            bus,
                            () -> state(config, host, driver),
                            Duration.ofSeconds(config.get(BusOptions.REPORT_INTERVAL)),
                            reason -> agent.resynchronize()));
            agent.start();
            log.info(
                    "l3 agent running host={} external_bridge={}", host, settings.externalBridge());
            return running;
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
    }

    private static AgentMessages.AgentState state(Config config, String host, RouterDriver driver) {
        return new AgentMessages.AgentState(
                AgentMessages.L3_AGENT,
                "weft-l3-agent",
                host,
                Topics.L3_AGENT.name(),
                configurations(config, driver),
                false,
                "nova");
    }

    private static Map<String, Object> configurations(Config config, RouterDriver driver) {
        Map<String, Object> configurations = new LinkedHashMap<>();
        configurations.put("agent_mode", config.get(L3AgentOptions.AGENT_MODE));
        configurations.put(
                "external_network_bridge", config.get(L3AgentOptions.EXTERNAL_NETWORK_BRIDGE));
        configurations.put(
                "gateway_external_network_id",
                config.get(L3AgentOptions.GATEWAY_EXTERNAL_NETWORK_ID));
        configurations.put(
                "handle_internal_only_routers",
                config.get(L3AgentOptions.HANDLE_INTERNAL_ONLY_ROUTERS));
        configurations.put("router_id", config.get(L3AgentOptions.ROUTER_ID));
        configurations.put("interface_driver", config.get(L3AgentOptions.INTERFACE_DRIVER));
        configurations.put("routers", driver.present().size());
        return configurations;
    }
}
