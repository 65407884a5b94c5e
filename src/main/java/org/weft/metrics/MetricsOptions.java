package org.weft.metrics;

import java.util.List;
import org.weft.config.Option;

/**
 * Where a process serves {@code /metrics} and {@code /healthcheck}. Each process has its own
 * default port, so that the server and every agent of one host can run side by side: {@link
 * #SERVER_PORT}, {@link #OVS_AGENT_PORT}, {@link #DHCP_AGENT_PORT}, {@link #L3_AGENT_PORT} and
 * {@link #METADATA_AGENT_PORT}.
 */
public final class MetricsOptions {
    private MetricsOptions() {}

    public static final int SERVER_PORT = 9710;
    public static final int OVS_AGENT_PORT = 9711;
    public static final int DHCP_AGENT_PORT = 9712;
    public static final int L3_AGENT_PORT = 9713;
    public static final int METADATA_AGENT_PORT = 9714;

    public static final Option<Boolean> ENABLED =
            Option.bool("metrics", "enabled").defaultValue(true).build();

    /**
     * Loopback by default: a Prometheus on another host needs this set to an address it reaches.
     */
    public static final Option<String> BIND_HOST =
            Option.string("metrics", "bind_host").defaultValue("127.0.0.1").build();

    /** Unset: the process's own default port; 0: any free port (tests). */
    public static final Option<Integer> BIND_PORT =
            Option.integer("metrics", "bind_port", 0, 65535).build();

    public static List<Option<?>> all() {
        return List.of(ENABLED, BIND_HOST, BIND_PORT);
    }
}
