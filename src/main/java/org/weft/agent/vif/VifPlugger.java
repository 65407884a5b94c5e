package org.weft.agent.vif;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;

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
 * <p>Transmit checksum offload is turned off on the VM's device: its traffic reaches a userspace
 * switch through a veth, and the switch forwards what it reads as it is, so a checksum left to the
 * hardware would never be filled in and TCP would fail while ping works.
 */
public final class VifPlugger {
    private static final Logger log = LoggerFactory.getLogger(VifPlugger.class);

    private final Placement host;
    private final IntegrationBridge bridge;

    /**
     * @param host where the host's devices are made (here, or a lab host)
     * @param ovsdbTarget the host's Open vSwitch database ({@code unix:/run/openvswitch/db.sock})
     * @param integrationBridge the bridge VMs are plugged into ({@code br-int})
     */
    public VifPlugger(Placement host, String ovsdbTarget, String integrationBridge) {
        this.host = Objects.requireNonNull(host);
        this.bridge = new IntegrationBridge(host, ovsdbTarget, integrationBridge);
    }

    /** Plugs {@code port}, its VM end going to {@code guest}. */
    public void plug(VifPort port, Guest guest) {
        IpRoute2 ip = IpRoute2.in(host);
        makeTap(ip, port, guest);
        ip.setMtu(port.tapName(), port.mtu());
        if (port.hybridPlug()) {
            plugLinuxBridge(ip, port);
        }
        ip.setUp(port.tapName());
        bridge.addPort(port.integrationDeviceName(), externalIds(port));
        log.info(
                "plugged port={} device={} bridge={} hybrid={} mac={}",
                port.portId(),
                port.integrationDeviceName(),
                bridge.name(),
                port.hybridPlug(),
                port.mac());
    }

    /** Removes every device os-vif would have made for the port with {@code portId}. */
    public void unplug(String portId) {
        String tap = VifPort.tapName(portId);
        String switchSide = VifPort.deviceName("qvo", portId);
        bridge.removePorts(List.of(tap, switchSide));
        IpRoute2 ip = IpRoute2.in(host);
        ip.deleteLink(tap);
        ip.deleteLink(VifPort.deviceName("qvb", portId));
        ip.deleteLink(VifPort.deviceName("qbr", portId));
        log.info("unplugged port={} bridge={}", portId, bridge.name());
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
        if (!ip.linkExists(port.tapName())) {
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
        inside.disableTransmitOffload(vm.device());
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

    /**
     * The integration bridge through {@code ovs-vsctl}: {@code weft vif} is a tool for people and
     * the lab, not a hot path, and plugs one port per call.
     */
    private record IntegrationBridge(Placement host, String ovsdbTarget, String name) {

        void addPort(String device, Map<String, String> externalIds) {
            List<String> argv = vsctl();
            argv.addAll(List.of("--", "--may-exist", "add-port", name, device));
            argv.addAll(List.of("--", "set", "Interface", device));
            externalIds.forEach(
                    (key, value) -> argv.add("external_ids:" + key + "=\"" + value + "\""));
            Command.of(argv).in(host).run();
        }

        void removePorts(List<String> devices) {
            List<String> argv = vsctl();
            for (String device : devices) {
                argv.addAll(List.of("--", "--if-exists", "del-port", name, device));
            }
            Command.of(argv).in(host).run();
        }

        private List<String> vsctl() {
            return new ArrayList<>(List.of("ovs-vsctl", "--db=" + ovsdbTarget, "--timeout=30"));
        }
    }
}
