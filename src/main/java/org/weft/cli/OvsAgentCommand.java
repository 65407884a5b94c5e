package org.weft.cli;

import java.util.concurrent.Callable;
import org.weft.agent.l2.AgentSettings;
import org.weft.agent.l2.FirewallDrivers;
import org.weft.agent.l2.OvsAgent;
import org.weft.bus.Bus;
import org.weft.bus.BusFactory;
import org.weft.config.Config;
import org.weft.metrics.MetricsOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code weft agent ovs}: the Open vSwitch (L2) agent of a network or compute node. */
@Command(
        name = "ovs",
        mixinStandardHelpOptions = true,
        description =
                "L2: br-int, br-tun and mapped bridges, tunnels to the other hosts, VM ports wired"
                        + " by their iface-id.")
final class OvsAgentCommand implements Callable<Integer> {
    @Mixin ConfigFiles configFiles;

    @Override
    public Integer call() throws InterruptedException {
        Config config = configFiles.load("ovs-agent");
        try (ShutdownSignal signal = ShutdownSignal.install();
                Bus bus = BusFactory.create(config, "ovs-agent");
                Monitoring monitoring =
                        Monitoring.start(config, MetricsOptions.OVS_AGENT_PORT, bus);
                OvsAgent agent = start(config, bus)) {
            signal.await();
        }
        return 0;
    }

    /** The OVS agent of {@code config} on {@code bus}, wiring and reporting until closed. */
    static OvsAgent start(Config config, Bus bus) {
        AgentSettings settings = AgentSettings.from(config);
        return OvsAgent.start(settings, bus, FirewallDrivers.of(settings.firewallDriver()));
    }
}
