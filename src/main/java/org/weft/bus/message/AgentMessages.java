package org.weft.bus.message;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;

/** The heartbeat every agent sends, {@code report_state}, and the server's answer. */
public final class AgentMessages {
    private AgentMessages() {}

    /** The agent types Neutron's clients know, as {@code agent_type} spells them. */
    public static final String OPEN_VSWITCH_AGENT = "Open vSwitch agent";

    public static final String DHCP_AGENT = "DHCP agent";
    public static final String L3_AGENT = "L3 agent";
    public static final String METADATA_AGENT = "Metadata agent";

    /**
     * What an agent says about itself every {@code report_interval}: its kind, where it runs and
     * how it is configured. {@code startFlag} is set on the first report after the agent started.
     */
    public record AgentState(
            String agentType,
            String binary,
            String host,
            String topic,
            Map<String, Object> configurations,
            boolean startFlag,
            String availabilityZone) {
        public AgentState {
            configurations = Lists.orEmpty(configurations);
        }
    }

    /** The server's view of the agent that reported. */
    public enum AgentStatus {
        /** First report ever from this agent type on this host. */
        NEW,
        /** The agent was counted alive already. */
        ALIVE,
        /** The agent had been counted down: what it missed meanwhile calls for a full resync. */
        REVIVED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record ReportStateReply(AgentStatus status) {}
}
