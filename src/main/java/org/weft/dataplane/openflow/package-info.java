/**
 * OpenFlow 1.4 to Open vSwitch bridges with openflowj: {@link
 * org.weft.dataplane.openflow.OpenFlowChannel} (handshake, flow-mods, atomic bundles, barriers,
 * statistics, packet-out) over the bridge's management socket, Weft's flow model ({@link
 * org.weft.dataplane.openflow.Flow}, {@link org.weft.dataplane.openflow.Match}, {@link
 * org.weft.dataplane.openflow.Action}) with the Nicira extensions the agents' pipelines use, and
 * {@link org.weft.dataplane.openflow.FlowProgrammer}, which makes a bridge hold exactly the flows
 * an owner wants, changing only what differs.
 */
package org.weft.dataplane.openflow;
