package org.weft.dataplane.ovs;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.ovsdb.Bridge;
import org.weft.dataplane.ovsdb.Interface;
import org.weft.dataplane.ovsdb.SwitchTransaction;
import org.weft.dataplane.ovsdb.VswitchDatabase;

/**
 * {@code weft cleanup ovs}, as Neutron's {@code neutron-ovs-cleanup}: removes from every bridge the
 * ports Weft's agents plugged (the DHCP agent's {@code tap…} and the l3 agent's {@code qr-…} and
 * {@code qg-…}, recognised by {@link OvsInterfaceDriver#OWNER_KEY}) and their devices on the host.
 * VM ports, patch and tunnel ports, the bridges and their flows stay: the agents that start next
 * plug again what they still need.
 */
public final class OvsCleanup {
    private static final Logger log = LoggerFactory.getLogger(OvsCleanup.class);

    private final VswitchDatabase database;
    private final Placement host;

    /**
     * @param database the switch
     * @param host where the ports' devices are seen
     */
    public OvsCleanup(VswitchDatabase database, Placement host) {
        this.database = database;
        this.host = host;
    }

    /** A port of a bridge. */
    public record BridgePort(String bridge, String port) {
        @Override
        public String toString() {
            return bridge + " " + port;
        }
    }

    /** The ports Weft made, bridge by bridge. */
    public List<BridgePort> weftPorts() {
        List<BridgePort> found = new ArrayList<>();
        for (Bridge bridge : database.bridges()) {
            for (Interface device : database.interfaces(bridge.name())) {
                if (OvsInterfaceDriver.OWNER.equals(
                        device.externalIds().get(OvsInterfaceDriver.OWNER_KEY))) {
                    found.add(new BridgePort(bridge.name(), device.name()));
                }
            }
        }
        return found;
    }

    /** Removes the ports Weft made in one transaction, then their devices; returns them. */
    public List<BridgePort> removeWeftPorts() {
        List<BridgePort> ports = weftPorts();
        if (ports.isEmpty()) {
            return ports;
        }
        SwitchTransaction transaction = database.transaction();
        ports.forEach(port -> transaction.removePort(port.bridge(), port.port()));
        transaction.commit();
        IpRoute2 links = IpRoute2.in(host);
        for (BridgePort port : ports) {
            // The device is gone already when its namespace went (the veth pair dies with it).
            links.deleteLink(port.port());
            log.info("removed port={} bridge={}", port.port(), port.bridge());
        }
        return ports;
    }
}
