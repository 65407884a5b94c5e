package org.weft.bus;

import org.weft.bus.message.Ack;
import org.weft.bus.message.AgentMessages.AgentState;
import org.weft.bus.message.AgentMessages.ReportStateReply;
import org.weft.bus.message.DhcpMessages.DhcpNetwork;
import org.weft.bus.message.DhcpMessages.DhcpNetworkList;
import org.weft.bus.message.DhcpMessages.DhcpPort;
import org.weft.bus.message.DhcpMessages.DhcpPortRequest;
import org.weft.bus.message.DhcpMessages.NetworkEvent;
import org.weft.bus.message.DhcpMessages.NetworkRequest;
import org.weft.bus.message.DhcpMessages.NetworksRequest;
import org.weft.bus.message.DhcpMessages.PortEvent;
import org.weft.bus.message.DhcpMessages.SubnetEvent;
import org.weft.bus.message.L2Messages.DeviceDetails;
import org.weft.bus.message.L2Messages.DeviceDetailsList;
import org.weft.bus.message.L2Messages.DeviceListReply;
import org.weft.bus.message.L2Messages.DeviceListRequest;
import org.weft.bus.message.L2Messages.DeviceRequest;
import org.weft.bus.message.L2Messages.DeviceStatusReply;
import org.weft.bus.message.L2Messages.DevicesRequest;
import org.weft.bus.message.L2Messages.NetworkDelete;
import org.weft.bus.message.L2Messages.NetworkHosts;
import org.weft.bus.message.L2Messages.NetworkHostsReply;
import org.weft.bus.message.L2Messages.NetworkHostsRequest;
import org.weft.bus.message.L2Messages.NetworkUpdate;
import org.weft.bus.message.L2Messages.PortDelete;
import org.weft.bus.message.L2Messages.PortUpdate;
import org.weft.bus.message.L2Messages.SecurityGroupInfo;
import org.weft.bus.message.L2Messages.SecurityGroupsChanged;
import org.weft.bus.message.L2Messages.SecurityGroupsRequest;
import org.weft.bus.message.L2Messages.TunnelEndpoint;
import org.weft.bus.message.L2Messages.TunnelSyncReply;
import org.weft.bus.message.L2Messages.TunnelSyncRequest;
import org.weft.bus.message.L3Messages.FloatingIpStatuses;
import org.weft.bus.message.L3Messages.RouterDeleted;
import org.weft.bus.message.L3Messages.RouterSyncReply;
import org.weft.bus.message.L3Messages.RouterSyncRequest;
import org.weft.bus.message.L3Messages.RoutersUpdated;
import org.weft.bus.message.MetadataMessages.InstanceLookup;
import org.weft.bus.message.MetadataMessages.InstanceLookupReply;

/**
 * Every topic and method of the bus, with its message types and version: the whole protocol between
 * the server and the agents, in Neutron's split. Agents call the plugin on {@link #PLUGIN} and
 * report on {@link #REPORTS}, which the server serves; the server tells L2 agents on {@link
 * #L2_AGENT}, DHCP agents on {@link #DHCP_AGENT} and L3 agents on {@link #L3_AGENT}, by fanout (or
 * by cast to one agent's host), which the agents subscribe to.
 *
 * <p>To add a method, declare it here with its records in {@code org.weft.bus.message}; to add a
 * field to a message, add it to the record and raise the method's minor version.
 */
public final class Topics {
    private Topics() {}

    /** The plugin: agents' questions and reports, served by every server. */
    public static final Topic PLUGIN = new Topic("q-plugin");

    /** Agents' heartbeats, apart from {@link #PLUGIN} so that a busy plugin cannot delay them. */
    public static final Topic REPORTS = new Topic("q-reports-plugin");

    /** Port, network, security group and tunnel changes, to every Open vSwitch agent. */
    public static final Topic L2_AGENT = new Topic("q-agent-notifier");

    /** Network, subnet and port events, to DHCP agents. */
    public static final Topic DHCP_AGENT = new Topic("dhcp_agent");

    /** Router changes, to L3 agents. */
    public static final Topic L3_AGENT = new Topic("l3_agent");

    // Heartbeats.

    /** Every agent, every {@code report_interval}; the reply says whether to resync. */
    public static final RpcMethod<AgentState, ReportStateReply> REPORT_STATE =
            RpcMethod.of(REPORTS, "report_state", "1.0", AgentState.class, ReportStateReply.class);

    // The Open vSwitch agent asks the plugin.

    public static final RpcMethod<DeviceRequest, DeviceDetails> GET_DEVICE_DETAILS =
            RpcMethod.of(
                    PLUGIN, "get_device_details", "1.0", DeviceRequest.class, DeviceDetails.class);

    public static final RpcMethod<DevicesRequest, DeviceDetailsList> GET_DEVICES_DETAILS_LIST =
            RpcMethod.of(
                    PLUGIN,
                    "get_devices_details_list",
                    "1.0",
                    DevicesRequest.class,
                    DeviceDetailsList.class);

    /** The agent has wired the port: the server sets it {@code ACTIVE}. */
    public static final RpcMethod<DeviceRequest, DeviceStatusReply> UPDATE_DEVICE_UP =
            RpcMethod.of(
                    PLUGIN,
                    "update_device_up",
                    "1.0",
                    DeviceRequest.class,
                    DeviceStatusReply.class);

    /** The port's interface is gone from the switch: the server sets it {@code DOWN}. */
    public static final RpcMethod<DeviceRequest, DeviceStatusReply> UPDATE_DEVICE_DOWN =
            RpcMethod.of(
                    PLUGIN,
                    "update_device_down",
                    "1.0",
                    DeviceRequest.class,
                    DeviceStatusReply.class);

    public static final RpcMethod<DeviceListRequest, DeviceListReply> UPDATE_DEVICE_LIST =
            RpcMethod.of(
                    PLUGIN,
                    "update_device_list",
                    "1.0",
                    DeviceListRequest.class,
                    DeviceListReply.class);

    /** Registers the agent's {@code local_ip} and tunnel type, returns every other endpoint. */
    public static final RpcMethod<TunnelSyncRequest, TunnelSyncReply> TUNNEL_SYNC =
            RpcMethod.of(
                    PLUGIN, "tunnel_sync", "1.0", TunnelSyncRequest.class, TunnelSyncReply.class);

    /** Which hosts the agent's networks reach, for flooding only to them. */
    public static final RpcMethod<NetworkHostsRequest, NetworkHostsReply> GET_NETWORK_HOSTS =
            RpcMethod.of(
                    PLUGIN,
                    "get_network_hosts",
                    "1.0",
                    NetworkHostsRequest.class,
                    NetworkHostsReply.class);

    public static final RpcMethod<SecurityGroupsRequest, SecurityGroupInfo>
            SECURITY_GROUP_INFO_FOR_DEVICES =
                    RpcMethod.of(
                            PLUGIN,
                            "security_group_info_for_devices",
                            "1.0",
                            SecurityGroupsRequest.class,
                            SecurityGroupInfo.class);

    // The DHCP agent asks the plugin.

    public static final RpcMethod<NetworksRequest, DhcpNetworkList> GET_ACTIVE_NETWORKS_INFO =
            RpcMethod.of(
                    PLUGIN,
                    "get_active_networks_info",
                    "1.1",
                    NetworksRequest.class,
                    DhcpNetworkList.class);

    /**
     * One network in full; a network that is gone (or serves no DHCP agent any more) fails with the
     * server's {@code NotFoundException}.
     */
    public static final RpcMethod<NetworkRequest, DhcpNetwork> GET_NETWORK_INFO =
            RpcMethod.of(
                    PLUGIN, "get_network_info", "1.1", NetworkRequest.class, DhcpNetwork.class);

    /** The DHCP port of a network on a host, made if missing; the same port when asked again. */
    public static final RpcMethod<DhcpPortRequest, DhcpPort> ENSURE_DHCP_PORT =
            RpcMethod.of(PLUGIN, "ensure_dhcp_port", "1.0", DhcpPortRequest.class, DhcpPort.class);

    public static final RpcMethod<DhcpPortRequest, Ack> RELEASE_DHCP_PORT =
            RpcMethod.of(PLUGIN, "release_dhcp_port", "1.0", DhcpPortRequest.class, Ack.class);

    // The L3 agent asks the plugin.

    public static final RpcMethod<RouterSyncRequest, RouterSyncReply> SYNC_ROUTERS =
            RpcMethod.of(
                    PLUGIN, "sync_routers", "1.0", RouterSyncRequest.class, RouterSyncReply.class);

    public static final RpcMethod<FloatingIpStatuses, Ack> UPDATE_FLOATINGIP_STATUSES =
            RpcMethod.of(
                    PLUGIN,
                    "update_floatingip_statuses",
                    "1.0",
                    FloatingIpStatuses.class,
                    Ack.class);

    // The metadata agent asks the plugin.

    public static final RpcMethod<InstanceLookup, InstanceLookupReply> GET_INSTANCE_BY_ADDRESS =
            RpcMethod.of(
                    PLUGIN,
                    "get_instance_by_address",
                    "1.0",
                    InstanceLookup.class,
                    InstanceLookupReply.class);

    // The server tells every Open vSwitch agent (fanout).

    public static final CastMethod<PortUpdate> PORT_UPDATE =
            CastMethod.of(L2_AGENT, "port_update", "1.0", PortUpdate.class);
    public static final CastMethod<PortDelete> PORT_DELETE =
            CastMethod.of(L2_AGENT, "port_delete", "1.0", PortDelete.class);
    public static final CastMethod<NetworkUpdate> NETWORK_UPDATE =
            CastMethod.of(L2_AGENT, "network_update", "1.0", NetworkUpdate.class);
    public static final CastMethod<NetworkDelete> NETWORK_DELETE =
            CastMethod.of(L2_AGENT, "network_delete", "1.0", NetworkDelete.class);
    public static final CastMethod<SecurityGroupsChanged> SECURITY_GROUPS_RULE_UPDATED =
            CastMethod.of(
                    L2_AGENT, "security_groups_rule_updated", "1.0", SecurityGroupsChanged.class);
    public static final CastMethod<SecurityGroupsChanged> SECURITY_GROUPS_MEMBER_UPDATED =
            CastMethod.of(
                    L2_AGENT, "security_groups_member_updated", "1.0", SecurityGroupsChanged.class);
    public static final CastMethod<TunnelEndpoint> TUNNEL_UPDATE =
            CastMethod.of(L2_AGENT, "tunnel_update", "1.0", TunnelEndpoint.class);
    public static final CastMethod<TunnelEndpoint> TUNNEL_DELETE =
            CastMethod.of(L2_AGENT, "tunnel_delete", "1.0", TunnelEndpoint.class);

    /** The hosts a network reaches changed: every agent of the network floods to these. */
    public static final CastMethod<NetworkHosts> NETWORK_HOSTS_UPDATE =
            CastMethod.of(L2_AGENT, "network_hosts_update", "1.0", NetworkHosts.class);

    // The server tells DHCP agents (fanout, or a cast to the host serving the network).

    public static final CastMethod<NetworkEvent> NETWORK_CREATE_END =
            CastMethod.of(DHCP_AGENT, "network_create_end", "1.0", NetworkEvent.class);
    public static final CastMethod<NetworkEvent> NETWORK_UPDATE_END =
            CastMethod.of(DHCP_AGENT, "network_update_end", "1.0", NetworkEvent.class);
    public static final CastMethod<NetworkEvent> NETWORK_DELETE_END =
            CastMethod.of(DHCP_AGENT, "network_delete_end", "1.0", NetworkEvent.class);
    public static final CastMethod<SubnetEvent> SUBNET_CREATE_END =
            CastMethod.of(DHCP_AGENT, "subnet_create_end", "1.0", SubnetEvent.class);
    public static final CastMethod<SubnetEvent> SUBNET_UPDATE_END =
            CastMethod.of(DHCP_AGENT, "subnet_update_end", "1.0", SubnetEvent.class);
    public static final CastMethod<SubnetEvent> SUBNET_DELETE_END =
            CastMethod.of(DHCP_AGENT, "subnet_delete_end", "1.0", SubnetEvent.class);
    public static final CastMethod<PortEvent> PORT_CREATE_END =
            CastMethod.of(DHCP_AGENT, "port_create_end", "1.0", PortEvent.class);
    public static final CastMethod<PortEvent> PORT_UPDATE_END =
            CastMethod.of(DHCP_AGENT, "port_update_end", "1.0", PortEvent.class);
    public static final CastMethod<PortEvent> PORT_DELETE_END =
            CastMethod.of(DHCP_AGENT, "port_delete_end", "1.0", PortEvent.class);

    // The server tells L3 agents (fanout, or a cast to the host of the router).

    public static final CastMethod<RoutersUpdated> ROUTERS_UPDATED =
            CastMethod.of(L3_AGENT, "routers_updated", "1.0", RoutersUpdated.class);
    public static final CastMethod<RouterDeleted> ROUTER_DELETED =
            CastMethod.of(L3_AGENT, "router_deleted", "1.0", RouterDeleted.class);
}
