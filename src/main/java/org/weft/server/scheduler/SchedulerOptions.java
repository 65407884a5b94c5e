package org.weft.server.scheduler;

import java.util.List;
import java.util.Map;
import org.weft.config.Option;

/**
 * The server's settings for placing networks on DHCP agents and routers on L3 agents, under
 * Neutron's names; the schedulers' Python class paths of both eras are accepted as aliases.
 */
public final class SchedulerOptions {
    private SchedulerOptions() {}

    /** Places on the agent hosting the fewest networks (routers); Neutron's default. */
    public static final String LEAST_LOADED = "least_loaded";

    /** Places on an agent chosen at random among the eligible ones. */
    public static final String CHANCE = "chance";

    public static final Option<String> NETWORK_SCHEDULER_DRIVER =
            Option.choice(
                            "DEFAULT",
                            "network_scheduler_driver",
                            List.of(LEAST_LOADED, CHANCE),
                            Map.of(
                                    "neutron.scheduler.dhcp_agent_scheduler.WeightScheduler",
                                    LEAST_LOADED,
                                    "neutron.scheduler.dhcp_agent_scheduler.AZAwareWeightScheduler",
                                    LEAST_LOADED,
                                    "neutron.scheduler.dhcp_agent_scheduler.ChanceScheduler",
                                    CHANCE,
                                    "quantum.scheduler.dhcp_agent_scheduler.ChanceScheduler",
                                    CHANCE))
                    .defaultValue(LEAST_LOADED)
                    .build();

    /** How many DHCP agents serve each network with DHCP. */
    public static final Option<Integer> DHCP_AGENTS_PER_NETWORK =
            Option.integer("DEFAULT", "dhcp_agents_per_network", 1, 1000).defaultValue(1).build();

    /** Whether networks are placed on DHCP agents without an administrator's asking. */
    public static final Option<Boolean> NETWORK_AUTO_SCHEDULE =
            Option.bool("DEFAULT", "network_auto_schedule").defaultValue(true).build();

    /** Whether the networks of a DHCP agent that stopped heartbeating move to live agents. */
    public static final Option<Boolean> ALLOW_AUTOMATIC_DHCP_FAILOVER =
            Option.bool("DEFAULT", "allow_automatic_dhcp_failover").defaultValue(true).build();

    public static final Option<String> ROUTER_SCHEDULER_DRIVER =
            Option.choice(
                            "DEFAULT",
                            "router_scheduler_driver",
                            List.of(LEAST_LOADED, CHANCE),
                            Map.of(
                                    "neutron.scheduler.l3_agent_scheduler.LeastRoutersScheduler",
                                    LEAST_LOADED,
                                    "neutron.scheduler.l3_agent_scheduler.AZLeastRoutersScheduler",
                                    LEAST_LOADED,
                                    "neutron.scheduler.l3_agent_scheduler.ChanceScheduler",
                                    CHANCE,
                                    "quantum.scheduler.l3_agent_scheduler.ChanceScheduler",
                                    CHANCE))
                    .defaultValue(LEAST_LOADED)
                    .build();

    /** Whether routers are placed on L3 agents without an administrator's asking. */
    public static final Option<Boolean> ROUTER_AUTO_SCHEDULE =
            Option.bool("DEFAULT", "router_auto_schedule").defaultValue(true).build();

    /** Whether the routers of an L3 agent that stopped heartbeating move to live agents. */
    public static final Option<Boolean> ALLOW_AUTOMATIC_L3AGENT_FAILOVER =
            Option.bool("DEFAULT", "allow_automatic_l3agent_failover").defaultValue(false).build();

    public static List<Option<?>> all() {
        return List.of(
                NETWORK_SCHEDULER_DRIVER,
                DHCP_AGENTS_PER_NETWORK,
                NETWORK_AUTO_SCHEDULE,
                ALLOW_AUTOMATIC_DHCP_FAILOVER,
                ROUTER_SCHEDULER_DRIVER,
                ROUTER_AUTO_SCHEDULE,
                ALLOW_AUTOMATIC_L3AGENT_FAILOVER);
    }
}
