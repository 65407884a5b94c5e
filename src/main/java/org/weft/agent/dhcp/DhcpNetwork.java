package org.weft.agent.dhcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A network as the DHCP agent serves it: the network's MTU, its subnets and every port on it, as
 * the server sends them ({@code get_network_info}).
 *
 * @param mtu the network's MTU, handed to hosts as DHCP option 26; 0 when unknown (not handed out)
 */
public record DhcpNetwork(
        String id, String projectId, int mtu, List<DhcpSubnet> subnets, List<DhcpPort> ports) {

    public static final String NAMESPACE_PREFIX = "qdhcp-";

    public DhcpNetwork {
        Objects.requireNonNull(id);
        projectId = projectId == null ? "" : projectId;
        subnets = List.copyOf(subnets);
        ports = List.copyOf(ports);
    }

    /** The namespace that serves this network: {@code qdhcp-<network_id>}. */
    public String namespaceName() {
        return NAMESPACE_PREFIX + id;
    }

    /** Whether some subnet of this network has DHCP on, so that it needs a DHCP server. */
    public boolean needsDhcp() {
        return subnets.stream().anyMatch(DhcpSubnet::enableDhcp);
    }

    public Optional<DhcpSubnet> subnet(String subnetId) {
        return subnets.stream().filter(subnet -> subnet.id().equals(subnetId)).findFirst();
    }

    public Optional<DhcpPort> port(String portId) {
        return ports.stream().filter(port -> port.id().equals(portId)).findFirst();
    }

    /** This network with {@code port} added, or replacing the port of the same id. */
    public DhcpNetwork withPort(DhcpPort port) {
        List<DhcpPort> changed = new ArrayList<>();
        boolean replaced = false;
        for (DhcpPort existing : ports) {
            if (existing.id().equals(port.id())) {
                changed.add(port);
                replaced = true;
            } else {
                changed.add(existing);
            }
        }
        if (!replaced) {
            changed.add(port);
        }
        return new DhcpNetwork(id, projectId, mtu, subnets, changed);
    }

    public DhcpNetwork withoutPort(String portId) {
        return new DhcpNetwork(
                id,
                projectId,
                mtu,
                subnets,
                ports.stream().filter(port -> !port.id().equals(portId)).toList());
    }

    public DhcpNetwork withSubnets(List<DhcpSubnet> changed) {
        return new DhcpNetwork(id, projectId, mtu, changed, ports);
    }

    public DhcpNetwork withMtu(int changed) {
        return new DhcpNetwork(id, projectId, changed, subnets, ports);
    }
}
