/**
 * The OVSDB client (RFC 7047): {@link org.weft.dataplane.ovsdb.OvsdbClient} with typed {@link
 * org.weft.dataplane.ovsdb.Operation}s and a monitored {@link org.weft.dataplane.ovsdb.Replica},
 * over a unix socket or TCP, and {@link org.weft.dataplane.ovsdb.VswitchDatabase}, the {@code
 * Open_vSwitch} database in the agents' words (bridges, ports, interfaces, tunnels, patch ports).
 * The session (event loop, echo, reconnection) is in {@code internal}, the JSON-RPC wire in {@code
 * internal.wire}.
 */
package org.weft.dataplane.ovsdb;
