package org.weft.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The meters every agent records the same way: its syncs and the restarts of its daemons. */
public final class AgentMeters {
    private AgentMeters() {}

    /**
     * Records one piece of an agent's work that took its host towards the desired state, started at
     * {@code startNanos} ({@link System#nanoTime()}).
     *
     * @param agent {@code ovs}, {@code dhcp}, {@code l3}
     * @param kind {@code full} for a full resynchronisation, else what the piece was
     */
    public static void sync(String agent, String host, String kind, long startNanos) {
        Timer.builder("weft.agent.sync")
                .description("An agent's work to bring its host to the desired state")
                .tags("agent", agent, "host", host, "kind", kind)
                .register(Metrics.registry())
                .record(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /**
     * Counts one restart of a daemon an agent supervises.
     *
     * @param program {@code dnsmasq}, {@code haproxy}, {@code radvd}
     * @param reason {@code died} when it was respawned, {@code reconfigured} when its command line
     *     or configuration changed
     */
    public static void daemonRestarted(String program, String reason) {
        Counter.builder("weft.daemon.restarts")
                .description("Restarts of the daemons the agents supervise")
                .tags("program", program, "reason", reason)
                .register(Metrics.registry())
                .increment();
    }
}
