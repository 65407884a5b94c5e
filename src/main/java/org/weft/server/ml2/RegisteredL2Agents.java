package org.weft.server.ml2;

import java.util.Optional;
import org.weft.bus.message.AgentMessages;
import org.weft.server.agent.AgentRegistry;
import org.weft.store.Transaction;

/** The Open vSwitch agents of the server's agent registry, alive by their heartbeats. */
public final class RegisteredL2Agents implements L2Agents {
    private final AgentRegistry registry;

    public RegisteredL2Agents(AgentRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Optional<OvsAgentConfiguration> liveOvsAgent(Transaction tx, String host) {
        return registry.find(tx, AgentMessages.OPEN_VSWITCH_AGENT, host)
                .filter(registry::isAlive)
                .map(agent -> OvsAgentConfiguration.of(agent.configurations()));
    }
}
