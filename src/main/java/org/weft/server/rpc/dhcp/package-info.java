/**
 * The server's side of the DHCP agents' conversation: the plugin's answers to their RPCs (the
 * networks to serve, each network in full, their DHCP ports) and the network, subnet and port
 * events they are told.
 */
package org.weft.server.rpc.dhcp;
