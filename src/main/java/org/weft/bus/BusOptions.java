package org.weft.bus;

import java.util.List;
import java.util.Map;
import org.weft.config.Option;

/**
 * The settings of the bus, as the guide's {@code quantum.conf} and today's {@code neutron.conf}
 * write them: {@code rabbit_*} in {@code [DEFAULT]} (the guide's era) or {@code
 * [oslo_messaging_rabbit]}, or one {@code transport_url}, which wins when set. The guide sets only
 * {@code rabbit_host}; the rest defaults to RabbitMQ's own defaults ({@code guest}/{@code guest} on
 * port 5672, virtual host {@code /}).
 */
public final class BusOptions {
    private BusOptions() {}

    private static final String RABBIT = "oslo_messaging_rabbit";

    /**
     * {@code rabbit://user:pass@host:port[,user:pass@host:port]/vhost}; {@code fake://} in-process.
     */
    public static final Option<String> TRANSPORT_URL =
            Option.string("DEFAULT", "transport_url").secret().build();

    /** The bus implementation when no {@code transport_url} is set. */
    public static final Option<String> RPC_BACKEND =
            Option.choice(
                            "DEFAULT",
                            "rpc_backend",
                            List.of("rabbit", "inprocess"),
                            Map.of(
                                    "kombu", "rabbit",
                                    "fake", "inprocess",
                                    "quantum.openstack.common.rpc.impl_kombu", "rabbit",
                                    "neutron.openstack.common.rpc.impl_kombu", "rabbit",
                                    "quantum.openstack.common.rpc.impl_fake", "inprocess",
                                    "neutron.openstack.common.rpc.impl_fake", "inprocess"))
                    .defaultValue("rabbit")
                    .build();

    public static final Option<String> RABBIT_HOST =
            Option.string(RABBIT, "rabbit_host")
                    .alias("DEFAULT", "rabbit_host")
                    .defaultValue("localhost")
                    .build();
    public static final Option<Integer> RABBIT_PORT =
            Option.integer(RABBIT, "rabbit_port", 1, 65535)
                    .alias("DEFAULT", "rabbit_port")
                    .defaultValue(5672)
                    .build();

    /** A cluster's nodes as {@code host[:port]}; when set, {@code rabbit_host} is not used. */
    public static final Option<List<String>> RABBIT_HOSTS =
            Option.list(RABBIT, "rabbit_hosts").alias("DEFAULT", "rabbit_hosts").build();

    public static final Option<String> RABBIT_USERID =
            Option.string(RABBIT, "rabbit_userid")
                    .alias("DEFAULT", "rabbit_userid")
                    .defaultValue("guest")
                    .build();
    public static final Option<String> RABBIT_PASSWORD =
            Option.string(RABBIT, "rabbit_password")
                    .alias("DEFAULT", "rabbit_password")
                    .defaultValue("guest")
                    .secret()
                    .build();
    public static final Option<String> RABBIT_VIRTUAL_HOST =
            Option.string(RABBIT, "rabbit_virtual_host")
                    .alias("DEFAULT", "rabbit_virtual_host")
                    .defaultValue("/")
                    .build();

    /** Seconds before the second connection attempt of an outage. */
    public static final Option<Integer> RABBIT_RETRY_INTERVAL =
            Option.integer(RABBIT, "rabbit_retry_interval", 1, 3600)
                    .alias("DEFAULT", "rabbit_retry_interval")
                    .defaultValue(1)
                    .build();

    /** Seconds each further attempt adds to the wait. */
    public static final Option<Integer> RABBIT_RETRY_BACKOFF =
            Option.integer(RABBIT, "rabbit_retry_backoff", 0, 3600)
                    .alias("DEFAULT", "rabbit_retry_backoff")
                    .defaultValue(2)
                    .build();

    /** The longest wait, in seconds, between two connection attempts. */
    public static final Option<Integer> RABBIT_INTERVAL_MAX =
            Option.integer(RABBIT, "rabbit_interval_max", 1, 3600).defaultValue(30).build();

    /** Seconds of silence after which the broker is given up; 0 turns heartbeats off. */
    public static final Option<Integer> HEARTBEAT_TIMEOUT_THRESHOLD =
            Option.integer(RABBIT, "heartbeat_timeout_threshold", 0, 3600).defaultValue(60).build();

    public static final Option<Boolean> DURABLE_QUEUES =
            Option.bool(RABBIT, "amqp_durable_queues")
                    .alias("DEFAULT", "rabbit_durable_queues")
                    .alias("DEFAULT", "amqp_durable_queues")
                    .unused(
                            "Weft's queues live as long as the broker does; agents resync in full"
                                    + " after a broker restart")
                    .build();
    public static final Option<Boolean> HA_QUEUES =
            Option.bool(RABBIT, "rabbit_ha_queues")
                    .alias("DEFAULT", "rabbit_ha_queues")
                    .unused(
                            "queues are not mirrored; after losing a cluster node clients reconnect"
                                    + " to another and resync")
                    .build();

    /** Seconds a call waits for its reply. */
    public static final Option<Integer> RPC_RESPONSE_TIMEOUT =
            Option.integer("DEFAULT", "rpc_response_timeout", 1, 3600).defaultValue(60).build();

    /** The prefix of every exchange and queue; processes that talk must share it. */
    public static final Option<String> CONTROL_EXCHANGE =
            Option.string("DEFAULT", "control_exchange").defaultValue("neutron").build();

    /** Seconds without a heartbeat after which the server counts an agent as down. */
    public static final Option<Integer> AGENT_DOWN_TIME =
            Option.integer("DEFAULT", "agent_down_time", 1, 86400).defaultValue(75).build();

    /**
     * Seconds between an agent's heartbeats ({@code [AGENT]} in the guide's era, {@code [agent]}
     * today: sections compare without regard to case). Whole seconds only, where Neutron also takes
     * fractions.
     */
    public static final Option<Integer> REPORT_INTERVAL =
            Option.integer("agent", "report_interval", 1, 86400).defaultValue(30).build();

    public static List<Option<?>> all() {
        return List.of(
                TRANSPORT_URL,
                RPC_BACKEND,
                RABBIT_HOST,
                RABBIT_PORT,
                RABBIT_HOSTS,
                RABBIT_USERID,
                RABBIT_PASSWORD,
                RABBIT_VIRTUAL_HOST,
                RABBIT_RETRY_INTERVAL,
                RABBIT_RETRY_BACKOFF,
                RABBIT_INTERVAL_MAX,
                HEARTBEAT_TIMEOUT_THRESHOLD,
                DURABLE_QUEUES,
                HA_QUEUES,
                RPC_RESPONSE_TIMEOUT,
                CONTROL_EXCHANGE,
                AGENT_DOWN_TIME,
                REPORT_INTERVAL);
    }
}
