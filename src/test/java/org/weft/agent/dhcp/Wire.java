package org.weft.agent.dhcp;

import java.util.List;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.InterfaceDriver;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.linux.PluggedDevice;
import org.weft.dataplane.linux.VethPairDriver;

/**
 * The test's stand-in for a switch: a namespace with a Linux bridge that DHCP ports and VMs are
 * plugged into. DHCP ports come through {@link VethPairDriver}, whose far end is then put on the
 * bridge; nothing here is Weft's job.
 */
final class Wire implements InterfaceDriver {
    static final String BRIDGE = "br0";

    private final String namespace;
    private final VethPairDriver veths;

    Wire(String namespace) {
        this.namespace = namespace;
        this.veths = new VethPairDriver(Placement.here(), namespace);
    }

    String namespace() {
        return namespace;
    }

    void create() {
        IpRoute2 root = IpRoute2.in(Placement.here());
        root.ensureNamespace(namespace);
        IpRoute2 inside = root.inside(namespace);
        if (!inside.linkExists(BRIDGE)) {
            run("ip", "link", "add", BRIDGE, "type", "bridge");
        }
        inside.setUp(BRIDGE);
    }

    void destroy() {
        IpRoute2.in(Placement.here()).deleteNamespace(namespace);
    }

    @Override
    public void plug(PluggedDevice device) {
        veths.plug(device);
        run("ip", "link", "set", device.bridgeSideName(), "master", BRIDGE);
    }

    @Override
    public void unplug(PluggedDevice device) {
        veths.unplug(device);
    }

    void run(String... argv) {
        Command.of(List.of(argv)).in(Placement.netns(namespace)).run();
    }
}
