/**
 * The Open vSwitch agent ({@code weft agent ovs}): its settings, the agent itself, the wired ports
 * it knows, the tables of its integration bridge, and the firewall hook security groups plug into.
 * How it keeps the switch in step (its loop, bridges and ports in OVSDB, the flows of each bridge)
 * is in {@code internal}.
 */
package org.weft.agent.l2;
