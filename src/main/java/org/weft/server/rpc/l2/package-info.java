/**
 * What the server answers and tells the Open vSwitch agents: device details, device up and down,
 * tunnel endpoints and network hosts on the plugin topic, and port, network, tunnel and host
 * notifications after each committed change.
 */
package org.weft.server.rpc.l2;
