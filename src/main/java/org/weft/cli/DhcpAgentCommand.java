package org.weft.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.agent.dhcp.DhcpAgent;
import org.weft.agent.dhcp.DhcpAgentOptions;
import org.weft.agent.dhcp.internal.AgentIdentity;
import org.weft.agent.dhcp.internal.BusDhcpStateSource;
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

/** {@code weft agent dhcp}: the DHCP agent of a network node, until it is stopped. */
@Command(
        name = "dhcp",
        mixinStandardHelpOptions = true,
        description = "DHCP: a qdhcp namespace and a dnsmasq per network with DHCP.")
final class DhcpAgentCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(DhcpAgentCommand.class);

    @Mixin ConfigFiles configFiles;

    @Override
    public Integer call() throws InterruptedException {
        Config config = configFiles.load("dhcp-agent");
        try (ShutdownSignal signal = ShutdownSignal.install();
                Bus bus = BusFactory.create(config, "dhcp-agent");
                Monitoring monitoring =
                        Monitoring.start(config, MetricsOptions.DHCP_AGENT_PORT, bus);
                Running agent = start(config, bus)) {
            signal.await();
        }
        return 0;
    }

    /** The DHCP agent of {@code config} on {@code bus}, working and reporting until closed. */
    static Running start(Config config, Bus bus) {
        DhcpAgentOptions.refuseUnsupported(config);
        config.get(DhcpAgentOptions.INTERFACE_DRIVER);
        config.get(DhcpAgentOptions.DHCP_DRIVER);
        config.find(DhcpAgentOptions.OVS_USE_VETH);
        String host = AgentIdentity.host(config);
        Running running = new Running("dhcp-agent");
        try {
            VswitchDatabase database =
                    running.hold(
                            VswitchDatabase.connect(
                                    OvsdbTarget.parse(
                                            config.get(DhcpAgentOptions.OVSDB_CONNECTION))));
            BusDhcpStateSource source = running.hold(new BusDhcpStateSource(bus, host));
            DhcpAgent agent =
                    running.hold(
                            DhcpAgent.create(
                                    config,
                                    Placement.here(),
                                    new OvsInterfaceDriver(Placement.here(), database),
                                    source));
            agent.start();
            running.hold(
                    StateReporter.start(
                            bus,
                            () -> state(config, host, agent),
                            Duration.ofSeconds(config.get(BusOptions.REPORT_INTERVAL)),
                            reason -> agent.resyncAll()));
            log.info("DHCP agent running host={}", host);
            return running;
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
    }

    private static AgentMessages.AgentState state(Config config, String host, DhcpAgent agent) {
        DhcpAgent.Load load = agent.load();
        Map<String, Object> configurations = new LinkedHashMap<>();
        configurations.put("dhcp_driver", config.get(DhcpAgentOptions.DHCP_DRIVER));
        configurations.put("dhcp_lease_duration", config.get(DhcpAgentOptions.DHCP_LEASE_DURATION));
        configurations.put("networks", load.networks());
        configurations.put("subnets", load.subnets());
        configurations.put("ports", load.ports());
        return new AgentMessages.AgentState(
                AgentMessages.DHCP_AGENT,
                "weft-dhcp-agent",
                host,
                Topics.DHCP_AGENT.name(),
                configurations,
                false,
                "nova");
    }
}
