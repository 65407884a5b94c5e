package org.weft.doctor;

import org.weft.dataplane.ovs.Capabilities;

/**
 * Connection tracking and NAT flows are accepted: the {@code openvswitch} firewall driver needs the
 * first, routers on Open vSwitch the second.
 */
final class ConntrackCheck implements Check {
    @Override
    public String name() {
        return "Connection tracking and NAT";
    }

    @Override
    public CheckResult run(DoctorContext context) {
        return context.capabilities()
                .map(this::judge)
                .orElseGet(() -> CheckResult.skip(name(), "Open vSwitch is not reachable"));
    }

    private CheckResult judge(Capabilities capabilities) {
        if (!capabilities.conntrack().works()) {
            return CheckResult.fail(
                    name(),
                    "connection tracking flows are refused: " + capabilities.conntrack().problem(),
                    "use firewall_driver = iptables_hybrid in [securitygroup], or a datapath with"
                        + " connection tracking (the kernel module with nf_conntrack, or netdev)");
        }
        if (!capabilities.nat().works()) {
            return CheckResult.fail(
                    name(),
                    "NAT flows are refused: " + capabilities.nat().problem(),
                    "upgrade Open vSwitch to 2.6 or later, or use a datapath with NAT support");
        }
        return CheckResult.ok(name(), "accepted on datapath_type " + capabilities.datapathType());
    }
}
