package org.weft.agent.dhcp;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.linux.Placement;

/**
 * The metadata proxies of isolated networks ({@code enable_isolated_metadata}): per network, an
 * HTTP proxy listening on 169.254.169.254:80 inside the network's DHCP namespace that forwards to
 * the metadata agent with the network's id. The DHCP agent puts the address on its device and the
 * route in the hosts' options, and asks for the proxy here; {@link
 * org.weft.agent.dhcp.internal.HaproxyMetadataProxies} runs the metadata agent's haproxy.
 */
public interface MetadataProxies {

    /** Ensures a proxy for {@code networkId} runs in {@code namespace}. */
    void ensure(String networkId, Placement namespace);

    /** Stops the proxy of {@code networkId}, if one runs. */
    void remove(String networkId);

    /** Stops watching the proxies, leaving them running for the next agent to adopt. */
    void detach();

    /**
     * No proxies, for tests of everything else. A network that would need one is named once in a
     * warning; its hosts get the route, and the address answers nothing.
     */
    static MetadataProxies none() {
        return new MetadataProxies() {
            private static final Logger log = LoggerFactory.getLogger(MetadataProxies.class);
            private final Set<String> warned = ConcurrentHashMap.newKeySet();

            @Override
            public void ensure(String networkId, Placement namespace) {
                if (warned.add(networkId)) {
                    log.warn(
                            "network={} needs a metadata proxy in its DHCP namespace, and this"
                                    + " agent runs none: 169.254.169.254 will not answer",
                            networkId);
                }
            }

            @Override
            public void remove(String networkId) {
                warned.remove(networkId);
            }

            @Override
            public void detach() {}
        };
    }
}
