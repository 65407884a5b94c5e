/**
 * Security groups enforced on the ports of {@code br-int}: the {@code openvswitch} driver
 * (conntrack flows in the integration bridge, one conntrack zone per port) and the {@code
 * iptables_hybrid} driver (iptables chains with physdev matches on each port's own Linux bridge),
 * both fed from the server's {@code security_group_info_for_devices} and kept current by its rule
 * and member notifications. How rules become flows and iptables lines is in {@code internal}.
 */
package org.weft.agent.l2.firewall;
