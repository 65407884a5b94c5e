package org.weft.doctor;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.weft.agent.l3.L3AgentOptions;
import org.weft.dataplane.ovs.OvsOptions;
import org.weft.dataplane.ovsdb.Bridge;
import org.weft.dataplane.ovsdb.Port;
import org.weft.dataplane.ovsdb.VswitchDatabase;

/**
 * The bridges that reach physical networks exist and hold a port: the external bridge of a network
 * node ({@code external_network_bridge}, {@code br-ex} in the guide) and every bridge of {@code
 * bridge_mappings}. The operator adds the physical interface; an empty bridge reaches nothing.
 */
final class ExternalBridgeCheck implements Check {
    @Override
    public String name() {
        return "External bridges";
    }

    @Override
    public CheckResult run(DoctorContext context) {
        Set<String> bridges = bridgesToCheck(context);
        if (bridges.isEmpty()) {
            return CheckResult.skip(
                    name(), "no external_network_bridge here and no bridge_mappings");
        }
        Optional<VswitchDatabase> database = context.database();
        if (database.isEmpty()) {
            return CheckResult.skip(name(), "Open vSwitch is not reachable");
        }
        StringBuilder found = new StringBuilder();
        for (String name : bridges) {
            Optional<Bridge> bridge = database.get().bridge(name);
            if (bridge.isEmpty()) {
                return CheckResult.fail(
                        name(),
                        "there is no bridge " + name,
                        "ovs-vsctl add-br "
                                + name
                                + ", then ovs-vsctl add-port "
                                + name
                                + " IFACE with IFACE the interface on that network");
            }
            List<String> ports =
                    database.get().ports(name).stream()
                            .map(Port::name)
                            .filter(port -> !port.equals(name))
                            .toList();
            if (ports.isEmpty()) {
                return CheckResult.fail(
                        name(),
                        "bridge " + name + " has no port",
                        "ovs-vsctl add-port "
                                + name
                                + " IFACE, with IFACE the interface on the external"
                                + " network (eth2 in the install guide)");
            }
            found.append(found.isEmpty() ? "" : "; ")
                    .append(name)
                    .append(" holds ")
                    .append(String.join(", ", ports));
        }
        return CheckResult.ok(name(), found.toString());
    }

    private static Set<String> bridgesToCheck(DoctorContext context) {
        Set<String> bridges = new LinkedHashSet<>();
        if (context.settings().networkNode()) {
            String external = context.config().get(L3AgentOptions.EXTERNAL_NETWORK_BRIDGE);
            if (!external.isBlank()) {
                bridges.add(external);
            }
        }
        bridges.addAll(OvsOptions.bridgeMappings(context.config()).values());
        return bridges;
    }
}
