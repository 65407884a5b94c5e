package org.weft.agent.l2.firewall;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.weft.agent.l2.FirewallDriver;
import org.weft.agent.l2.WiredPort;
import org.weft.agent.l2.firewall.internal.ConnectionCutter;
import org.weft.agent.l2.firewall.internal.FirewallFlows;
import org.weft.agent.l2.firewall.internal.PortPolicy;
import org.weft.agent.l2.firewall.internal.SecurityGroupCache;
import org.weft.agent.l2.firewall.internal.SwitchConntrack;
import org.weft.bus.Handlers;
import org.weft.dataplane.openflow.Flow;

/**
 * {@code firewall_driver = openvswitch}: security groups as conntrack flows in {@code br-int}'s
 * firewall tables (see {@link FirewallFlows}), one conntrack zone per port; works on the userspace
 * datapath. The flows are computed from the cached rules of each port's groups; the agent installs
 * only those that changed, so a rule or member change touches the flows of the ports concerned and
 * no connection of any other port. Once they are installed, the connections a port's changed policy
 * no longer allows are deleted from its zone in the switch's connection tracker.
 */
public final class OpenvswitchFirewall implements FirewallDriver {
    private Context context;
    private SecurityGroupCache groups;
    private final Map<String, Computed> computed = new HashMap<>();
    private ConnectionCutter cutter;
    private List<PortPolicy> installing = List.of();

    /** A port's flows, kept while its policy stays the same. */
    private record Computed(PortPolicy policy, List<Flow> flows) {}

    @Override
    public String name() {
        return "openvswitch";
    }

    @Override
    public boolean hybridPlug() {
        return false;
    }

    @Override
    public void start(Context agent) {
        this.context = agent;
        this.groups = new SecurityGroupCache(agent.bus(), agent.host());
        this.cutter = new ConnectionCutter(new SwitchConntrack(agent.runDirectory()));
    }

    @Override
    public void resync() {
        groups.clear();
    }

    @Override
    public Handlers.Builder addHandlers(Handlers.Builder l2Agent) {
        return SecurityGroupHandlers.add(l2Agent, groups, context);
    }

    @Override
    public List<Flow> integrationFlows(List<WiredPort> ports) {
        List<Flow> flows = new ArrayList<>(FirewallFlows.common());
        TreeSet<Integer> vlans = new TreeSet<>();
        List<WiredPort> filtered = new ArrayList<>();
        for (WiredPort port : ports) {
            flows.addAll(FirewallFlows.entry(port));
            vlans.add(port.localVlan());
            if (FirewallDriver.filters(port)) {
                filtered.add(port);
            }
        }
        vlans.forEach(vlan -> flows.addAll(FirewallFlows.network(vlan)));
        Map<String, Computed> now = new HashMap<>();
        installing = groups.policies(filtered);
        for (PortPolicy policy : installing) {
            Computed before = computed.get(policy.port().portId());
            Computed current =
                    before != null && before.policy().equals(policy)
                            ? before
                            : new Computed(policy, FirewallFlows.filtered(policy));
            now.put(policy.port().portId(), current);
            flows.addAll(current.flows());
        }
        computed.clear();
        computed.putAll(now);
        return flows;
    }

    /** Called once the flows {@link #integrationFlows} returned are installed. */
    @Override
    public void apply(List<WiredPort> ports) {
        cutter.cut(installing);
    }
}
