package org.weft.agent.dhcp;

import java.util.Set;
import java.util.function.Consumer;
import org.weft.dataplane.linux.Placement;

/**
 * Serves DHCP for networks on this host ({@code dhcp_driver}; Weft has dnsmasq). Each network is
 * only ever changed from one thread at a time.
 */
public interface DhcpDriver {

    /**
     * Makes the host serve {@code network} as described, through {@code dhcpPort}: its namespace,
     * the port's device with its addresses, the server process and its files. Idempotent: serving
     * what is served changes nothing, and a change of ports or options reaches the running server
     * without a restart.
     */
    void ensure(DhcpNetwork network, DhcpPort dhcpPort);

    /** Where the network's server runs: its {@code qdhcp-} namespace on this host. */
    Placement namespace(String networkId);

    /** Stops serving a network and removes its namespace, device, process and files, if any. */
    void remove(String networkId);

    /**
     * The networks this host has something for (files, namespace), left by this or an earlier run.
     */
    Set<String> networksPresent();

    /**
     * Whether the server process of {@code networkId} runs; a network whose process died is served
     * again by the next {@link #ensure}.
     */
    boolean isRunning(String networkId);

    /**
     * Calls {@code listener} with a network's id, from a thread of the driver's, whenever the
     * network's server process ends without being told to.
     */
    void onServerExit(Consumer<String> listener);

    /** Stops watching the server processes and leaves them running, for the next agent to adopt. */
    void detach();
}
