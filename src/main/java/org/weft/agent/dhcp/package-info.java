/**
 * The DHCP agent: for each network with a DHCP-enabled subnet, a {@code qdhcp-<network_id>}
 * namespace with the network's DHCP port in it and a supervised dnsmasq serving static leases (each
 * port's MAC to its fixed IP), the subnets' gateways, DNS servers, host routes and the network's
 * MTU. The agent reconciles: the desired state comes from a {@link
 * org.weft.agent.dhcp.DhcpStateSource} (the server, over the bus), and each network is brought to
 * it in one batched change.
 */
package org.weft.agent.dhcp;
