package org.weft.dataplane.ovs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.linux.InterfaceDriver;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.linux.PluggedDevice;
import org.weft.dataplane.ovsdb.PortSettings;
import org.weft.dataplane.ovsdb.VswitchDatabase;

/**
 * The interface driver of {@code interface_driver = openvswitch} (the guide's {@code
 * OVSInterfaceDriver}): each device is a veth pair whose namespace end carries the port's MAC and
 * addresses, and whose other end is a port of the bridge with the {@code external_ids} the L2 agent
 * wires ports by ({@code iface-id}, {@code attached-mac}, {@code iface-status}) and Weft's mark
 * ({@link #OWNER_KEY}).
 *
 * <p>A veth, as Neutron's {@code ovs_use_veth} makes, because an internal port of a userspace
 * switch cannot be moved out of the switch's namespace.
 */
public final class OvsInterfaceDriver implements InterfaceDriver {
    private static final Logger log = LoggerFactory.getLogger(OvsInterfaceDriver.class);

    /**
     * The {@code external_ids} key and value every port this driver plugs carries, so that {@code
     * weft cleanup ovs} ({@link OvsCleanup}) knows what Weft made; VM ports, which Nova plugs,
     * never have it.
     */
    public static final String OWNER_KEY = "weft-owner";

    public static final String OWNER = "weft";

    private final Placement host;
    private final VswitchDatabase database;

    /**
     * @param host where the switch and the device's namespaces are seen from
     * @param database the switch's database
     */
    public OvsInterfaceDriver(Placement host, VswitchDatabase database) {
        this.host = host;
        this.database = database;
    }

    @Override
    public void plug(PluggedDevice device) {
        IpRoute2 outside = IpRoute2.in(host);
        IpRoute2 inside = IpRoute2.in(device.namespace());
        String namespace = namespaceName(device);

        boolean made = !inside.linkExists(device.name());
        if (made) {
            // A bridge end left by an interrupted plug would make the pair impossible.
            outside.deleteLink(device.bridgeSideName());
            outside.ensureVeth(device.name(), device.bridgeSideName());
            outside.moveToNamespace(device.name(), namespace);
        }
        inside.setMac(device.name(), device.mac());
        inside.setMtu(device.name(), device.mtu());
        inside.disableTransmitOffload(device.name());
        inside.setUp(device.name());
        outside.setMtu(device.bridgeSideName(), device.mtu());
        outside.setUp(device.bridgeSideName());

        PortSettings port =
                PortSettings.system(device.bridgeSideName())
                        .externalId("iface-id", device.portId())
                        .externalId("attached-mac", device.mac())
                        .externalId("iface-status", "active")
                        .externalId(OWNER_KEY, OWNER);
        if (made) {
            database.replugPort(device.bridge(), port);
        } else {
            database.ensurePort(device.bridge(), port);
        }
        log.info(
                "plugged port={} device={} namespace={} bridge={}",
                device.portId(),
                device.name(),
                namespace,
                device.bridge());
    }

    @Override
    public void unplug(PluggedDevice device) {
        database.removePort(device.bridge(), device.bridgeSideName());
        IpRoute2.in(device.namespace()).deleteLink(device.name());
        IpRoute2.in(host).deleteLink(device.bridgeSideName());
        log.info(
                "unplugged port={} device={} bridge={}",
                device.portId(),
                device.name(),
                device.bridge());
    }

    private static String namespaceName(PluggedDevice device) {
        return switch (device.namespace()) {
            case Placement.Nested nested -> nested.name();
            case Placement.NetworkNamespace netns -> netns.name();
            default ->
                    throw new IllegalArgumentException(
                            "device " + device.name() + " must live in a named namespace");
        };
    }
}
