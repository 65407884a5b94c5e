package org.weft.agent.l3;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's answers as a table, for tests of the agent's loop; it can be told to fail a number
 * of times, as an unreachable server would.
 */
final class TableRouterSource implements RouterSource {
    private final Map<RouterId, Router> routers = new ConcurrentHashMap<>();
    private final Map<String, String> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger failures = new AtomicInteger();

    void put(Router router) {
        routers.put(router.id(), router);
    }

    void delete(RouterId id) {
        routers.remove(id);
    }

    void failNext(int times) {
        failures.set(times);
    }

    Map<String, String> statuses() {
        return Map.copyOf(statuses);
    }

    @Override
    public List<Router> routers(Collection<RouterId> ids) {
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("server unreachable (as the test asked)");
        }
        List<Router> found = new ArrayList<>();
        routers.forEach(
                (id, router) -> {
                    if (ids.isEmpty() || ids.contains(id)) {
                        found.add(router);
                    }
                });
        return found;
    }

    @Override
    public void reportFloatingIpStatuses(RouterId router, Map<String, String> reported) {
        statuses.putAll(reported);
    }
}
