/**
 * The firewall drivers' workings: the rules of a port as Neutron means them ({@link
 * org.weft.agent.l2.firewall.internal.PortPolicy}), the cache of groups, rules and members that
 * follows the server's notifications, and the translations into OpenFlow flows and iptables chains.
 */
package org.weft.agent.l2.firewall.internal;
