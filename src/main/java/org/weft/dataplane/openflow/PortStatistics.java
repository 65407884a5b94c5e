package org.weft.dataplane.openflow;

/** The counters of one port of a bridge (OpenFlow 1.4 §7.3.5.8). */
public record PortStatistics(
        OfPort port,
        long receivedPackets,
        long transmittedPackets,
        long receivedBytes,
        long transmittedBytes,
        long receiveDropped,
        long transmitDropped,
        long receiveErrors,
        long transmitErrors) {}
