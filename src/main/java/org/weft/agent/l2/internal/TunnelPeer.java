package org.weft.agent.l2.internal;

import org.weft.dataplane.ovsdb.TunnelType;

/**
 * A tunnel from this host to another's {@code local_ip}: its type, the peer's address and host, its
 * port on {@code br-tun} and that port's OpenFlow number.
 */
public record TunnelPeer(
        TunnelType type, String remoteIp, String host, String portName, int ofport) {}
