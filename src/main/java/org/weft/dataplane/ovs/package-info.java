/**
 * Open vSwitch as a whole: {@link org.weft.dataplane.ovs.PrivateSwitch}, an ovsdb-server and
 * ovs-vswitchd of Weft's own with a run directory and database of their own (for the lab's hosts,
 * {@code all-in-one} and tests), and the capability probe the agents run at start. The protocols
 * that drive a switch are in {@code org.weft.dataplane.ovsdb} and {@code
 * org.weft.dataplane.openflow}.
 */
package org.weft.dataplane.ovs;
