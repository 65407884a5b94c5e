package org.weft.server.agent;

import java.util.List;
import org.weft.config.Option;

/** The registry's settings; {@code agent_down_time} is in {@link org.weft.bus.BusOptions}. */
public final class AgentOptions {
    private AgentOptions() {}

    /** Whether an agent heard from the first time starts administratively up. */
    public static final Option<Boolean> ENABLE_NEW_AGENTS =
            Option.bool("DEFAULT", "enable_new_agents").defaultValue(true).build();

    public static List<Option<?>> all() {
        return List.of(ENABLE_NEW_AGENTS);
    }
}
