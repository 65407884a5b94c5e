package org.weft.bus.message;

import java.util.List;
import java.util.Map;

/**
 * What the Open vSwitch agent asks the plugin (a port's wiring details, device up and down, tunnel
 * endpoints, security group rules) and what the server tells every such agent.
 */
public final class L2Messages {
    private L2Messages() {}

    /** A device is a port, named by its id (the interface's {@code iface-id}). */
    public record DeviceRequest(String device, String agentId, String host) {}

    public record DevicesRequest(List<String> devices, String agentId, String host) {
        public DevicesRequest {
            devices = Lists.orEmpty(devices);
        }
    }

    public record AllowedAddressPair(String ipAddress, String macAddress) {}

    /**
     * How to wire one port; {@code exists} is false (and the rest empty) for a device the server
     * does not know.
     */
    public record DeviceDetails(
            String device,
            boolean exists,
            String portId,
            String networkId,
            String macAddress,
            boolean adminStateUp,
            String networkType,
            String physicalNetwork,
            Integer segmentationId,
            Integer mtu,
            List<FixedIp> fixedIps,
            String deviceOwner,
            boolean portSecurityEnabled,
            List<String> securityGroups,
            List<AllowedAddressPair> allowedAddressPairs) {
        public DeviceDetails {
            fixedIps = Lists.orEmpty(fixedIps);
            securityGroups = Lists.orEmpty(securityGroups);
            allowedAddressPairs = Lists.orEmpty(allowedAddressPairs);
        }

        /** The answer for a device the server has no port for. */
        public static DeviceDetails unknown(String device) {
            return new DeviceDetails(
                    device, false, null, null, null, false, null, null, null, null, null, null,
                    false, null, null);
        }
    }

    public record DeviceDetailsList(List<DeviceDetails> devices) {
        public DeviceDetailsList {
            devices = Lists.orEmpty(devices);
        }
    }

    /** The answer to a device up or down report: whether the server knows the port. */
    public record DeviceStatusReply(String device, boolean exists) {}

    /** Several up and down reports at once, as an agent sends them after a scan. */
    public record DeviceListRequest(
            List<String> devicesUp, List<String> devicesDown, String agentId, String host) {
        public DeviceListRequest {
            devicesUp = Lists.orEmpty(devicesUp);
            devicesDown = Lists.orEmpty(devicesDown);
        }
    }

    public record DeviceListReply(
            List<String> devicesUp,
            List<String> failedDevicesUp,
            List<String> devicesDown,
            List<String> failedDevicesDown) {
        public DeviceListReply {
            devicesUp = Lists.orEmpty(devicesUp);
            failedDevicesUp = Lists.orEmpty(failedDevicesUp);
            devicesDown = Lists.orEmpty(devicesDown);
            failedDevicesDown = Lists.orEmpty(failedDevicesDown);
        }
    }

    /** An agent registers its own tunnel endpoint ({@code local_ip}) and asks for the others'. */
    public record TunnelSyncRequest(String tunnelIp, String tunnelType, String host) {}

    /** A node's tunnel endpoint: its {@code local_ip} and the tunnel type it speaks. */
    public record TunnelEndpoint(String ipAddress, String tunnelType, String host) {}

    public record TunnelSyncReply(List<TunnelEndpoint> tunnels) {
        public TunnelSyncReply {
            tunnels = Lists.orEmpty(tunnels);
        }
    }

    public record SecurityGroupsRequest(List<String> devices, String host) {
        public SecurityGroupsRequest {
            devices = Lists.orEmpty(devices);
        }
    }

    /**
     * One rule: {@code direction} ingress or egress, {@code ethertype} IPv4 or IPv6, the protocol
     * by name or number, the remote side as a prefix or as the members of a group.
     */
    public record SecurityGroupRule(
            String id,
            String securityGroupId,
            String direction,
            String ethertype,
            String protocol,
            Integer portRangeMin,
            Integer portRangeMax,
            String remoteIpPrefix,
            String remoteGroupId) {}

    /** What the firewall needs of one port. */
    public record PortSecurity(
            String portId,
            String macAddress,
            List<FixedIp> fixedIps,
            List<AllowedAddressPair> allowedAddressPairs,
            List<String> securityGroups,
            boolean portSecurityEnabled) {
        public PortSecurity {
            fixedIps = Lists.orEmpty(fixedIps);
            allowedAddressPairs = Lists.orEmpty(allowedAddressPairs);
            securityGroups = Lists.orEmpty(securityGroups);
        }
    }

    /**
     * The firewall's input for a set of ports: the ports by id, the rules of their groups by group
     * id, and the addresses of the groups' members by group id and ethertype (for remote-group
     * rules).
     */
    public record SecurityGroupInfo(
            Map<String, PortSecurity> devices,
            Map<String, List<SecurityGroupRule>> securityGroups,
            Map<String, Map<String, List<String>>> sgMemberIps) {
        public SecurityGroupInfo {
            devices = Lists.orEmpty(devices);
            securityGroups = Lists.orEmpty(securityGroups);
            sgMemberIps = Lists.orEmpty(sgMemberIps);
        }
    }

    /** A port changed: the agent that hosts it asks for its details again. */
    public record PortUpdate(String portId, String networkId, long revisionNumber) {}

    public record PortDelete(String portId, String networkId) {}

    public record NetworkUpdate(String networkId, long revisionNumber) {}

    public record NetworkDelete(String networkId) {}

    /** An agent asks which hosts its networks reach, to flood their traffic only there. */
    public record NetworkHostsRequest(List<String> networkIds, String host) {
        public NetworkHostsRequest {
            networkIds = Lists.orEmpty(networkIds);
        }
    }

    /**
     * The hosts a network reaches: those with a port of it bound to them or wired by their agent.
     * An agent floods the network's traffic to the tunnel endpoints of these hosts only.
     */
    public record NetworkHosts(String networkId, List<String> hosts) {
        public NetworkHosts {
            hosts = Lists.orEmpty(hosts);
        }
    }

    public record NetworkHostsReply(List<NetworkHosts> networks) {
        public NetworkHostsReply {
            networks = Lists.orEmpty(networks);
        }
    }

    /** The rules or the members of these groups changed. */
    public record SecurityGroupsChanged(List<String> securityGroupIds) {
        public SecurityGroupsChanged {
            securityGroupIds = Lists.orEmpty(securityGroupIds);
        }
    }
}
