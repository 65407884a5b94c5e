package org.weft.cli;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.weft.agent.AgentHost;
import org.weft.agent.metadata.BusInstanceLookup;
import org.weft.agent.metadata.MetadataAgent;
import org.weft.agent.metadata.MetadataAgentOptions;
import org.weft.bus.Bus;
import org.weft.bus.BusFactory;
import org.weft.bus.BusOptions;
import org.weft.bus.StateReporter;
import org.weft.bus.message.AgentMessages;
import org.weft.config.Config;
import org.weft.metrics.MetricsOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code weft agent metadata}: the metadata agent of a network node, until it is stopped. */
@Command(
        name = "metadata",
        mixinStandardHelpOptions = true,
        description = "Instance metadata: signs the proxies' requests and forwards them to Nova.")
final class MetadataAgentCommand implements Callable<Integer> {
    @Mixin ConfigFiles configFiles;

    @Override
    public Integer call() throws InterruptedException {
        Config config = configFiles.load("metadata-agent");
        try (ShutdownSignal signal = ShutdownSignal.install();
                Bus bus = BusFactory.create(config, "metadata-agent");
                Monitoring monitoring =
                        Monitoring.start(config, MetricsOptions.METADATA_AGENT_PORT, bus);
                Running agent = start(config, bus)) {
            signal.await();
        }
        return 0;
    }

    /** The metadata agent of {@code config} on {@code bus}, serving and reporting until closed. */
    static Running start(Config config, Bus bus) {
        MetadataAgentOptions.reportUnused(config);
        MetadataAgent.Settings settings = MetadataAgent.Settings.from(config);
        Running running = new Running("metadata-agent");
        try {
            running.hold(MetadataAgent.start(settings, new BusInstanceLookup(bus)));
            running.hold(
                    StateReporter.start(
                            bus,
                            () -> state(AgentHost.of(config), settings),
                            Duration.ofSeconds(config.get(BusOptions.REPORT_INTERVAL)),
                            reason -> {}));
            return running;
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
    }

    private static AgentMessages.AgentState state(String host, MetadataAgent.Settings settings) {
        return new AgentMessages.AgentState(
                AgentMessages.METADATA_AGENT,
                "weft-metadata-agent",
                host,
                "metadata_agent",
                Map.of(
                        "metadata_proxy_socket", settings.socket().toString(),
                        "nova_metadata_host", settings.nova().getHost(),
                        "nova_metadata_port", settings.nova().getPort()),
                false,
                "nova");
    }
}
