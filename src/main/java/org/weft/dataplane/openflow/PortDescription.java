package org.weft.dataplane.openflow;

/** A port of a bridge as OpenFlow describes it: number, name, hardware address, link up. */
public record PortDescription(OfPort port, String name, String hardwareAddress, boolean linkUp) {}
