package org.weft.server.ml2;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.server.service.Network;
import org.weft.server.service.Port;
import org.weft.server.service.PortBinder;
import org.weft.store.Transaction;

/**
 * Binds ports as ML2's Open vSwitch mechanism does: a port whose host runs a live Open vSwitch
 * agent that can carry the port's network (its tunnel type, or a bridge for its physical network)
 * gets {@code binding:vif_type} {@code ovs} and the {@code binding:vif_details} os-vif plugs it by;
 * any other port with a host gets {@code binding_failed}.
 */
public final class OvsPortBinder implements PortBinder {
    public static final String VIF_TYPE_OVS = "ovs";
    private static final Logger log = LoggerFactory.getLogger(OvsPortBinder.class);

    private final L2Agents agents;

    public OvsPortBinder(L2Agents agents) {
        this.agents = agents;
    }

    @Override
    public Binding bind(Transaction tx, Port port, Network network) {
        String host = port.bindingHost();
        if (host.isEmpty()) {
            return Binding.unbound();
        }
        Optional<OvsAgentConfiguration> agent = agents.liveOvsAgent(tx, host);
        NetworkType type =
                network.networkType().flatMap(NetworkType::find).orElse(NetworkType.LOCAL);
        String physnet = network.physicalNetwork().orElse(null);
        if (agent.isEmpty() || !agent.get().serves(type, physnet)) {
            log.info(
                    "port binding failed: port={} host={} network={} type={} physical_network={}"
                            + " agent={}",
                    port.id(),
                    host,
                    network.id(),
                    type,
                    physnet,
                    agent.isPresent() ? "cannot carry it" : "none alive");
            return Binding.failed();
        }
        return new Binding(VIF_TYPE_OVS, vifDetails(agent.get()));
    }

    /** The details os-vif (or {@code weft vif plug}) acts on, with Neutron's keys. */
    static ObjectNode vifDetails(OvsAgentConfiguration agent) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("port_filter", agent.portFilter());
        details.put("connectivity", "l2");
        details.put("ovs_hybrid_plug", agent.hybridPlug());
        details.put("datapath_type", agent.datapathType());
        details.put("bridge_name", agent.integrationBridge());
        return details;
    }
}
