/**
 * The l3 agent: per router a {@code qrouter-} namespace with its interfaces, gateway, NAT for the
 * router's subnets and floating IPs, extra routes, router advertisements and the metadata proxy,
 * reconciled from the routers the server says this agent hosts.
 */
package org.weft.agent.l3;
