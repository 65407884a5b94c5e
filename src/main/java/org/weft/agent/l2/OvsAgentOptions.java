package org.weft.agent.l2;

import java.util.List;
import java.util.Map;
import org.weft.config.Option;

/**
 * The Open vSwitch agent's own settings, beside the host's switch settings in {@link
 * org.weft.dataplane.ovs.OvsOptions} ({@code ovsdb_connection}, {@code datapath_type}, bridges,
 * {@code local_ip}, {@code bridge_mappings}, tunnel types): the VXLAN port, the firewall, and the
 * polling and population settings of Neutron's agent that Weft accepts without needing them.
 */
public final class OvsAgentOptions {
    private OvsAgentOptions() {}

    /** The UDP port of VXLAN tunnels, at both ends. */
    public static final Option<Integer> VXLAN_UDP_PORT =
            Option.integer("agent", "vxlan_udp_port", 1, 65535).defaultValue(4789).build();

    /**
     * How security groups are enforced: {@code openvswitch} (conntrack flows in {@code br-int}),
     * {@code iptables_hybrid} (a Linux bridge per port, as the guide deploys) or {@code noop}; the
     * guides' class paths are accepted.
     */
    public static final Option<String> FIREWALL_DRIVER =
            Option.choice(
                            "securitygroup",
                            "firewall_driver",
                            List.of("openvswitch", "iptables_hybrid", "noop"),
                            Map.of(
                                    "quantum.agent.linux.iptables_firewall"
                                            + ".OVSHybridIptablesFirewallDriver",
                                    "iptables_hybrid",
                                    "neutron.agent.linux.iptables_firewall"
                                            + ".OVSHybridIptablesFirewallDriver",
                                    "iptables_hybrid",
                                    "neutron.agent.linux.openvswitch_firewall"
                                            + ".OVSFirewallDriver",
                                    "openvswitch",
                                    "quantum.agent.firewall.NoopFirewallDriver",
                                    "noop",
                                    "neutron.agent.firewall.NoopFirewallDriver",
                                    "noop",
                                    "iptables",
                                    "iptables_hybrid"))
                    .defaultValue("noop")
                    .build();

    /** With {@code false}, no filtering at all, whatever {@code firewall_driver} says. */
    public static final Option<Boolean> ENABLE_SECURITY_GROUP =
            Option.bool("securitygroup", "enable_security_group").defaultValue(true).build();

    public static final Option<Integer> POLLING_INTERVAL =
            Option.integer("agent", "polling_interval", 0, 86400)
                    .unused("the agent learns of ports from an OVSDB monitor, without polling")
                    .build();

    public static final Option<Boolean> MINIMIZE_POLLING =
            Option.bool("agent", "minimize_polling")
                    .unused("the agent always watches OVSDB and never polls")
                    .build();

    public static final Option<Boolean> L2_POPULATION =
            Option.bool("agent", "l2_population")
                    .unused(
                            "the agent floods only to the hosts of each network and learns"
                                    + " remote MAC addresses from traffic")
                    .build();

    public static final Option<Boolean> ARP_RESPONDER =
            Option.bool("agent", "arp_responder")
                    .unused("ARP requests cross the tunnels to the hosts of the network")
                    .build();

    public static final Option<Integer> VETH_MTU =
            Option.integer("agent", "veth_mtu", 0, 65535)
                    .unused("the agent joins its bridges with patch ports, not veths")
                    .build();

    public static final Option<Boolean> DROP_FLOWS_ON_START =
            Option.bool("agent", "drop_flows_on_start")
                    .unused(
                            "the agent never flushes flows: it replaces what differs, so traffic"
                                    + " keeps flowing while it starts")
                    .build();

    public static List<Option<?>> all() {
        return List.of(
                VXLAN_UDP_PORT,
                FIREWALL_DRIVER,
                ENABLE_SECURITY_GROUP,
                POLLING_INTERVAL,
                MINIMIZE_POLLING,
                L2_POPULATION,
                ARP_RESPONDER,
                VETH_MTU,
                DROP_FLOWS_ON_START);
    }
}
