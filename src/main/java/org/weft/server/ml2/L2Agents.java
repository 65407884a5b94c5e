package org.weft.server.ml2;

import java.util.Optional;
import org.weft.store.Transaction;

/**
 * The Open vSwitch agents the server counts alive, by host, as their heartbeats describe them: what
 * port binding asks before giving a port to a host.
 */
@FunctionalInterface
public interface L2Agents {
    /** The configuration of the live Open vSwitch agent of {@code host}; empty if none. */
    Optional<OvsAgentConfiguration> liveOvsAgent(Transaction tx, String host);

    /** No agent anywhere: every port with a host fails to bind. */
    L2Agents NONE = (tx, host) -> Optional.empty();
}
