package org.weft.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The registry of this process's meters, served as Prometheus text. One per process rather than one
 * per part: the parts record where they work (the API, the bus, the agents' loops, the supervised
 * daemons) and the endpoint serves them all together.
 *
 * <p>When several agents share one JVM (tests, benchmarks), their meters are distinguished by their
 * tags ({@code host}, {@code bridge}, {@code program}), never merged silently.
 */
public final class Metrics {
    private static final PrometheusMeterRegistry REGISTRY =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private Metrics() {}

    /** The registry to record into. */
    public static MeterRegistry registry() {
        return REGISTRY;
    }

    /** The meters as Prometheus's text exposition format (version 0.0.4). */
    public static String scrape() {
        return REGISTRY.scrape();
    }
}
