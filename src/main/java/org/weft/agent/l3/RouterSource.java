package org.weft.agent.l3;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where the l3 agent learns which routers it hosts and how they look: the server, over the bus, in
 * a deployment; a table in tests of the agent alone.
 */
public interface RouterSource {

    /**
     * The routers of this agent among {@code ids}, or all of them when {@code ids} is empty. A
     * router that is not returned is not (or no longer) this agent's.
     *
     * @throws RuntimeException when the source cannot answer now; the agent retries with a full
     *     resynchronisation
     */
    List<Router> routers(Collection<RouterId> ids);

    /** Tells the server the state of floating IPs: {@code ACTIVE} once they are in place. */
    void reportFloatingIpStatuses(RouterId router, Map<String, String> statuses);
}
