package org.weft.bus.message;

/** One of a port's addresses and the subnet it comes from. */
public record FixedIp(String subnetId, String ipAddress) {}
