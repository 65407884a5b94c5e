package org.weft.agent.l2;

import java.util.List;
import org.weft.bus.message.FixedIp;
import org.weft.bus.message.L2Messages.AllowedAddressPair;

/**
 * A port the agent has wired on {@code br-int}: its interface and OpenFlow port, its network's
 * local VLAN here, and what the server says of its addresses and security, which anti-spoofing and
 * the firewall act on.
 *
 * @param portId the API port's id (the interface's {@code iface-id})
 * @param interfaceName the interface on {@code br-int}
 * @param ofport its OpenFlow port number
 * @param networkId the port's network
 * @param localVlan the network's VLAN on this host's {@code br-int}
 * @param macAddress the port's MAC address
 * @param fixedIps its addresses
 * @param allowedAddressPairs further addresses (and MACs) it may send from
 * @param portSecurity whether its sources are checked and its traffic filtered
 * @param securityGroups its security groups
 * @param deviceOwner {@code compute:nova}, {@code network:dhcp}, {@code network:router_interface}…
 */
public record WiredPort(
        String portId,
        String interfaceName,
        int ofport,
        String networkId,
        int localVlan,
        String macAddress,
        List<FixedIp> fixedIps,
        List<AllowedAddressPair> allowedAddressPairs,
        boolean portSecurity,
        List<String> securityGroups,
        String deviceOwner) {

    public WiredPort {
        fixedIps = List.copyOf(fixedIps);
        allowedAddressPairs = List.copyOf(allowedAddressPairs);
        securityGroups = List.copyOf(securityGroups);
    }

    /**
     * Whether the port's sources are checked: ports with port security, except the network's own
     * (DHCP, router) ports, which forward traffic of other addresses by design.
     */
    public boolean antiSpoofing() {
        return portSecurity && !deviceOwner.startsWith("network:");
    }
}
