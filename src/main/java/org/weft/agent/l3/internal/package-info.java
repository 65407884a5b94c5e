/** How a router's namespace is read and changed: iptables tables, radvd, addresses, routes. */
package org.weft.agent.l3.internal;
