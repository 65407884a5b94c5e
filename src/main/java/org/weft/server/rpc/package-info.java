/**
 * The server's side of the bus: the handlers of the plugin's topic, gathered from every part of the
 * server into one subscription, and the agents' heartbeats. Each part's handlers live in a
 * sub-package ({@code l2} for the Open vSwitch agents).
 */
package org.weft.server.rpc;
