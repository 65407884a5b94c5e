package org.weft.agent.vif;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.ovsdb.OvsdbTarget;
import org.weft.dataplane.ovsdb.PortSettings;
import org.weft.dataplane.ovsdb.VswitchDatabase;

/**
 * Plugs VM ports into a host's integration bridge as Nova's os-vif does for Open vSwitch, and
 * unplugs them. Both are idempotent: plugging a plugged port sets it up as described again, and
 * unplugging a port that is gone changes nothing.
 *
 * <p>Directly plugged, the tap sits on {@code br-int}. Plugged hybrid, the tap sits on the port's
 * own Linux bridge {@code qbr…}, joined to {@code br-int} by the veth pair {@code qvb…} (on the
 * Linux bridge) and {@code qvo…} (on {@code br-int}), so that iptables sees the VM's traffic on a
 * bridge port. Either way the device on {@code br-int} carries the {@code external_ids} the OVS
 * agent wires by.
 *
 * <p>Transmit checksum offload is turned off on the veth end whose peer sits on {@code br-int}: the
 * VM's device when plugged directly, {@code qvb…} when plugged hybrid. A userspace switch forwards
 * what it reads as it is, so a checksum left to the hardware would never be filled in and TCP would
 * fail while ping works. Plugged hybrid, the VM keeps its offloads: its large segments cross the
 * Linux bridge and its iptables rules once each, and are cut to the MTU, checksums filled in, as
 * they leave through {@code qvb…}.
 */
public final class VifPlugger implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VifPlugger.class);

    private final Placement host;
    private final VswitchDatabase database;
    private final String bridge;
    private final boolean ownsDatabase;

    /**
     * @param host where the host's devices are made (here, or a lab host)
     * @param database the host's Open vSwitch database
     * @param integrationBridge the bridge VMs are plugged into ({@code br-int})
     */
    public VifPlugger(Placement host, VswitchDatabase database, String integrationBridge) {
        this(host, database, integrationBridge, false);
    }

    private VifPlugger(
            Placement host, VswitchDatabase database, String integrationBridge, boolean owns) {
        this.host = Objects.requireNonNull(host);
        this.database = Objects.requireNonNull(database);
        this.bridge = Objects.requireNonNull(integrationBridge);
        this.ownsDatabase = owns;
    }

    /**
     * A plugger with a connection of its own to the database at {@code ovsdbTarget} ({@code
     * unix:/run/openvswitch/db.sock}), closed with it.
     */
    public static VifPlugger connect(Placement host, String ovsdbTarget, String integrationBridge) {
        return new VifPlugger(
                host,
                VswitchDatabase.connect(OvsdbTarget.parse(ovsdbTarget)),
                integrationBridge,
                true);
    }

    @Override
    public void close() {
        if (ownsDatabase) {
            database.close();
        }
    }

    /** Plugs {@code port}, its VM end going to {@code guest}. */
    public void plug(VifPort port, Guest guest) {
        IpRoute2 ip = IpRoute2.in(host);
        OptionalInt before = ip.ifindex(port.integrationDeviceName());
        makeTap(ip, port, guest);
        ip.setMtu(port.tapName(), port.mtu());
        if (port.hybridPlug()) {
            plugLinuxBridge(ip, port);
        }
        ip.setUp(port.tapName());
        PortSettings settings = PortSettings.system(port.integrationDeviceName());
        for (Map.Entry<String, String> id : externalIds(port).entrySet()) {
            settings = settings.externalId(id.getKey(), id.getValue());
        }
        if (ip.ifindex(port.integrationDeviceName()).equals(before)) {
            database.ensurePort(bridge, settings);
        } else {
            // The device on br-int is new (a first plug, or the host rebooted since the last).
            database.replugPort(bridge, settings);
        }
        log.info(
                "plugged port={} device={} bridge={} hybrid={} mac={}",
                port.portId(),
                port.integrationDeviceName(),
                bridge,
                port.hybridPlug(),
                port.mac());
    }

    /** Removes every device os-vif would have made for the port with {@code portId}. */
    public void unplug(String portId) {
        String tap = VifPort.tapName(portId);
        String switchSide = VifPort.deviceName("qvo", portId);
        database.removePort(bridge, tap);
        database.removePort(bridge, switchSide);
        IpRoute2 ip = IpRoute2.in(host);
        ip.deleteLink(tap);
        ip.deleteLink(VifPort.deviceName("qvb", portId));
        ip.deleteLink(VifPort.deviceName("qbr", portId));
        log.info("unplugged port={} bridge={}", portId, bridge);
    }

    private void makeTap(IpRoute2 ip, VifPort port, Guest guest) {
        switch (guest) {
            case Guest.Namespace vm -> makeVethIntoNamespace(ip, port, vm);
            case Guest.Tap tap -> {
                if (!ip.linkExists(port.tapName())) {
                    run("ip", "tuntap", "add", "dev", port.tapName(), "mode", "tap");
                }
            }
        }
    }

    private void makeVethIntoNamespace(IpRoute2 ip, VifPort port, Guest.Namespace vm) {
        IpRoute2 inside = ip.inside(vm.name());
        if (!inside.linkExists(vm.device())) {
            // A tap whose other end is not in this VM is left from an earlier plug: the pair is
            // made again.
            ip.deleteLink(port.tapName());
            // The VM's end is made straight inside its namespace: no device of the VM ever
            // appears on the host under the VM's own name.
            run(
                    "ip",
                    "link",
                    "add",
                    port.tapName(),
                    "type",
                    "veth",
                    "peer",
                    "name",
                    vm.device(),
                    "netns",
                    vm.name());
        }
        inside.setMac(vm.device(), port.mac());
        inside.setMtu(vm.device(), port.mtu());
        if (!port.hybridPlug()) {
            inside.disableTransmitOffload(vm.device());
        }
        inside.setUp("lo");
        inside.setUp(vm.device());
    }

    private void plugLinuxBridge(IpRoute2 ip, VifPort port) {
        String linuxBridge = port.linuxBridgeName();
        if (!ip.linkExists(linuxBridge)) {
            run(
                    "ip",
                    "link",
                    "add",
                    "name",
                    linuxBridge,
                    "type",
                    "bridge",
                    "forward_delay",
                    "0",
                    "stp_state",
                    "0");
        }
        // os-vif keeps the per-port bridge free of IPv6 addresses of its own.
        Command.of("sysctl", "-q", "-w", "net.ipv6.conf." + linuxBridge + ".disable_ipv6=1")
                .in(host)
                .execute();
        ip.setUp(linuxBridge);
        ip.ensureVeth(port.bridgeSideName(), port.switchSideName());
        for (String device : List.of(port.bridgeSideName(), port.switchSideName())) {
            ip.setMtu(device, port.mtu());
            ip.setUp(device);
        }
        ip.disableTransmitOffload(port.bridgeSideName());
        run("ip", "link", "set", port.bridgeSideName(), "master", linuxBridge);
        run("ip", "link", "set", port.tapName(), "master", linuxBridge);
    }

    private static Map<String, String> externalIds(VifPort port) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("iface-id", port.portId());
        ids.put("iface-status", "active");
        ids.put("attached-mac", port.mac());
        ids.put("vm-uuid", port.vmUuid());
        return ids;
    }

    private void run(String... argv) {
        Command.of(argv).in(host).run();
    }
}
