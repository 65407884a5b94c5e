package org.weft.doctor;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.ovs.OvsOptions;
import org.weft.dataplane.ovsdb.Interface;
import org.weft.dataplane.ovsdb.VswitchDatabase;

/**
 * The tunnels' local address is on this host. On the userspace datapath it must sit on an Open
 * vSwitch bridge that holds the physical interface, since that datapath sends encapsulated packets
 * through its own bridge, not through the kernel's interface.
 */
final class LocalIpCheck implements Check {
    @Override
    public String name() {
        return "local_ip";
    }

    @Override
    public CheckResult run(DoctorContext context) {
        Optional<InetAddress> localIp = OvsOptions.localIp(context.config());
        boolean tunnelling = OvsOptions.tunnellingEnabled(context.config());
        if (localIp.isEmpty()) {
            return tunnelling
                    ? CheckResult.fail(
                            name(),
                            "tunnelling is on but [ovs] local_ip is not set",
                            "set [ovs] local_ip to this host's address on the data network")
                    : CheckResult.skip(name(), "tunnelling is off and local_ip is not set");
        }
        String address = localIp.get().getHostAddress();
        Optional<String> device = deviceHolding(address, context);
        if (device.isEmpty()) {
            return CheckResult.fail(
                    name(),
                    address + " is on no interface of this host",
                    "add it to the interface on the data network (ip addr add "
                            + address
                            + "/24 dev IFACE), or correct [ovs] local_ip");
        }
        if (!context.config().get(OvsOptions.DATAPATH_TYPE).equals("netdev")) {
            return CheckResult.ok(name(), address + " is on " + device.get());
        }
        return context.database()
                .map(database -> onUserspaceBridge(database, address, device.get()))
                .orElseGet(
                        () ->
                                CheckResult.skip(
                                        name(),
                                        address
                                                + " is on "
                                                + device.get()
                                                + "; Open vSwitch is not reachable"));
    }

    private CheckResult onUserspaceBridge(VswitchDatabase database, String address, String device) {
        if (database.bridge(device).isEmpty()) {
            return CheckResult.fail(
                    name(),
                    address
                            + " is on "
                            + device
                            + ", which is not an Open vSwitch bridge; the userspace datapath sends"
                            + " tunnel packets from a bridge that holds the physical interface",
                    "ovs-vsctl add-br br-phy -- set Bridge br-phy datapath_type=netdev; ovs-vsctl"
                            + " add-port br-phy "
                            + device
                            + "; then move the address: ip addr del "
                            + address
                            + "/24 dev "
                            + device
                            + "; ip addr add "
                            + address
                            + "/24 dev br-phy; ip link"
                            + " set br-phy up");
        }
        List<String> physical =
                database.interfaces(device).stream()
                        .filter(iface -> iface.type().isEmpty() && !iface.name().equals(device))
                        .map(Interface::name)
                        .toList();
        if (physical.isEmpty()) {
            return CheckResult.fail(
                    name(),
                    address + " is on bridge " + device + ", which holds no physical interface",
                    "ovs-vsctl add-port "
                            + device
                            + " IFACE, with IFACE the interface on the data network");
        }
        return CheckResult.ok(
                name(),
                address
                        + " is on bridge "
                        + device
                        + ", which holds "
                        + String.join(", ", physical));
    }

    // ip -o addr: "3: br-phy    inet 10.20.20.52/24 scope global br-phy\       valid_lft ..."
    private static Optional<String> deviceHolding(String address, DoctorContext context) {
        String listing =
                Command.of("ip", "-o", "addr", "show").in(context.settings().placement()).run();
        for (String line : listing.lines().toList()) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 3 && fields[3].startsWith(address + "/")) {
                String device = fields[1];
                int at = device.indexOf('@');
                return Optional.of(at < 0 ? device : device.substring(0, at));
            }
        }
        return Optional.empty();
    }
}
