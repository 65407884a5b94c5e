package org.weft.agent.dhcp;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.linux.Placement;

/**
 * The metadata proxy of an isolated network ({@code enable_isolated_metadata}): an HTTP proxy
 * listening on 169.254.169.254:80 inside the network's DHCP namespace, forwarding to the metadata
 * agent with the network's id. The DHCP agent puts the address on its device and the route in the
 * hosts' options; the proxy itself is the metadata agent's part.
 */
public interface MetadataProxy {

    /** Ensures a proxy for {@code networkId} runs in {@code namespace}. */
    void ensure(String networkId, Placement namespace);

    /** Stops the proxy of {@code networkId}, if one runs. */
    void remove(String networkId);

    /**
     * No proxy: for agents without isolated metadata, and until a proxy is configured. A network
     * that would need one is named once in a warning; its hosts get the route and the address
     * answers nothing.
     */
    static MetadataProxy none() {
        return new MetadataProxy() {
            private static final Logger log = LoggerFactory.getLogger(MetadataProxy.class);
            private final Set<String> warned = ConcurrentHashMap.newKeySet();

            @Override
            public void ensure(String networkId, Placement namespace) {
                if (warned.add(networkId)) {
                    log.warn(
                            "network={} needs a metadata proxy in its DHCP namespace, and this"
                                    + " agent has none: 169.254.169.254 will not answer",
                            networkId);
                }
            }

            @Override
            public void remove(String networkId) {
                warned.remove(networkId);
            }
        };
    }
}
