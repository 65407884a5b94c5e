package org.weft.agent.dhcp;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.weft.dataplane.linux.Placement;

/**
 * A metadata proxy that only remembers where it was asked to run (the proxy is not the agent's).
 */
final class RecordingMetadataProxies implements MetadataProxies {
    private final Map<String, Placement> running = new ConcurrentHashMap<>();

    @Override
    public void ensure(String networkId, Placement namespace) {
        running.put(networkId, namespace);
    }

    @Override
    public void remove(String networkId) {
        running.remove(networkId);
    }

    /** Detached proxies keep running: nothing changes. */
    @Override
    public void detach() {}

    Set<String> networks() {
        return Set.copyOf(running.keySet());
    }

    Placement namespaceOf(String networkId) {
        return running.get(networkId);
    }
}
