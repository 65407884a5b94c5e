/**
 * Where networks and routers run: the DHCP and L3 schedulers bind each network with DHCP to {@code
 * dhcp_agents_per_network} DHCP agents and each router to one L3 agent, move them away from agents
 * that stopped heartbeating, tell the agents through the bus, and serve Neutron's scheduler API
 * ({@code /v2.0/agents/{id}/dhcp-networks}, {@code /v2.0/agents/{id}/l3-routers}, {@code
 * /v2.0/networks/{id}/dhcp-agents}, {@code /v2.0/routers/{id}/l3-agents}).
 */
package org.weft.server.scheduler;
