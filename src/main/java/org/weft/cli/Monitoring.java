package org.weft.cli;

import java.util.Optional;
import org.weft.bus.Bus;
import org.weft.config.Config;
import org.weft.metrics.Health;
import org.weft.metrics.MetricsEndpoint;

/**
 * A process's {@code /metrics} and {@code /healthcheck}, as its {@code [metrics]} settings say:
 * healthy while its bus holds the broker, plus whatever checks the process adds.
 */
final class Monitoring implements AutoCloseable {
    private final Health health = new Health();
    private Optional<MetricsEndpoint> endpoint = Optional.empty();

    private Monitoring() {}

    /** Starts serving on {@code defaultPort} unless {@code bind_port} says otherwise. */
    static Monitoring start(Config config, int defaultPort, Bus bus) {
        Monitoring monitoring = new Monitoring();
        monitoring.health.check(
                "bus",
                () ->
                        bus.isConnected()
                                ? Optional.empty()
                                : Optional.of("no link to the message broker"));
        monitoring.endpoint =
                MetricsEndpoint.startAsConfigured(config, defaultPort, monitoring.health);
        return monitoring;
    }

    Health health() {
        return health;
    }

    @Override
    public void close() {
        endpoint.ifPresent(MetricsEndpoint::close);
    }
}
