package org.weft.doctor;

import org.weft.dataplane.linux.Command;

/** A network node routes between tenant networks and the outside: IPv4 forwarding must be on. */
final class IpForwardingCheck implements Check {
    @Override
    public String name() {
        return "IP forwarding";
    }

    @Override
    public CheckResult run(DoctorContext context) {
        if (!context.settings().networkNode()) {
            return CheckResult.skip(name(), "not a network node (give --network-node to check)");
        }
        String value =
                Command.of("sysctl", "-n", "net.ipv4.ip_forward")
                        .in(context.settings().placement())
                        .run()
                        .strip();
        if (value.equals("1")) {
            return CheckResult.ok(name(), "net.ipv4.ip_forward = 1");
        }
        return CheckResult.fail(
                name(),
                "net.ipv4.ip_forward = " + value,
                "sysctl -w net.ipv4.ip_forward=1, and put net.ipv4.ip_forward=1 in /etc/sysctl.conf"
                        + " so that it stays after a reboot");
    }
}
