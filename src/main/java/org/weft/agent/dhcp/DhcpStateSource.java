package org.weft.agent.dhcp;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the DHCP agent learns what to serve, and the few things it asks of the server: the plugin's
 * side of Neutron's DHCP RPCs. The bus-driven implementation answers each method with an RPC call
 * to the server and delivers the server's network, subnet and port events to the {@link
 * DhcpChanges} given to {@link #subscribe}.
 *
 * <p>Every method may throw when the server cannot be reached; the agent then retries later.
 */
public interface DhcpStateSource {

    /**
     * Every network this agent serves, with its subnets and ports, in full ({@code
     * get_active_networks_info}).
     */
    List<DhcpNetwork> activeNetworks();

    /**
     * One network in full ({@code get_network_info}); empty when it is gone or no longer served by
     * this agent.
     */
    Optional<DhcpNetwork> network(String networkId);

    /**
     * The DHCP port of this agent on a network, with one fixed IP on each of {@code subnetIds}: the
     * existing port with {@code deviceId}, updated if its subnets differ, or a new one ({@code
     * create_dhcp_port} / {@code update_dhcp_port}).
     */
    DhcpPort ensureDhcpPort(String networkId, String deviceId, Set<String> subnetIds);

    /** Deletes this agent's DHCP port on a network, if there is one ({@code release_dhcp_port}). */
    void releaseDhcpPort(String networkId, String deviceId);

    /**
     * Starts delivering changes to {@code changes}; after a lost connection comes back, the source
     * calls {@link DhcpChanges#resyncAll()}.
     */
    void subscribe(DhcpChanges changes);
}
