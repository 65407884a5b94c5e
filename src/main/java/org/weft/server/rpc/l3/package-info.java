/**
 * The server's side of the L3 agents: their calls to the plugin ({@code sync_routers}, {@code
 * update_floatingip_statuses}) answered from the service layer's routers and floating IPs, and the
 * router notifications ({@code routers_updated}, {@code router_deleted}) they are told.
 */
package org.weft.server.rpc.l3;
