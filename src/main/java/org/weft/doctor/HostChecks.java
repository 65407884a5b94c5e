package org.weft.doctor;

import java.util.List;

/**
 * The checks of a host, in the order a person would fix what they find: the host itself, its Open
 * vSwitch and what it can do, the bridges and addresses the configuration names, then the
 * controller: its API, then its message bus.
 */
public final class HostChecks {
    private HostChecks() {}

    public static List<Check> all() {
        return List.of(
                new IpForwardingCheck(),
                new OvsReachableCheck(),
                new TunnelCheck(),
                new ConntrackCheck(),
                new ExternalBridgeCheck(),
                new LocalIpCheck(),
                new ApiCheck(),
                new BusCheck(),
                new ClockCheck());
    }
}
