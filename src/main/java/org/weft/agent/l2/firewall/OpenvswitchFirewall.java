package org.weft.agent.l2.firewall;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.weft.agent.l2.FirewallDriver;
import org.weft.agent.l2.WiredPort;
import org.weft.agent.l2.firewall.internal.ConnectionCutter;
import org.weft.agent.l2.firewall.internal.FirewallFlows;
import org.weft.agent.l2.firewall.internal.GroupPolicies;
import org.weft.agent.l2.firewall.internal.PolicyRule;
import org.weft.agent.l2.firewall.internal.PortPolicy;
import org.weft.agent.l2.firewall.internal.SecurityGroupCache;
import org.weft.agent.l2.firewall.internal.SwitchConntrack;
import org.weft.bus.Handlers;
import org.weft.dataplane.openflow.Flow;

/**
 * {@code firewall_driver = openvswitch}: security groups as conntrack flows in {@code br-int}'s
 * firewall tables (see {@link FirewallFlows}), one conntrack zone per port; works on the userspace
 * datapath. The ports of one set of security groups share one policy, whose rule flows are written
 * once; its number is the lowest OpenFlow port number among them, so that it stays the same across
 * agent restarts and changes only when that port leaves. The flows are computed from the cached
 * rules of the groups; the agent installs only those that changed, so a rule change touches the
 * flows of the policies concerned, a member change those whose rules name its group, and no
 * connection of any other port. Once they are installed, the connections a port's changed policy no
 * longer allows are deleted from its zone in the switch's connection tracker.
 */
public final class OpenvswitchFirewall implements FirewallDriver {
    private Context context;
    private SecurityGroupCache groups;
    private ConnectionCutter cutter;
    private final Map<Integer, Computed> policies = new HashMap<>();
    private final Map<String, Steering> steering = new HashMap<>();
    private List<PortPolicy> installing = List.of();

    /** A policy's rule flows, kept while its rules stay the same. */
    private record Computed(List<PolicyRule> rules, List<Flow> flows) {}

    /** A port's own flows, kept while the port and its policy number stay the same. */
    private record Steering(WiredPort port, int policy, List<Flow> flows) {}

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

        // One policy per set of groups, numbered by its lowest port.
        Map<Set<String>, Integer> numbers = new LinkedHashMap<>();
        for (WiredPort port : filtered) {
            numbers.merge(new TreeSet<>(port.securityGroups()), port.ofport(), Math::min);
        }
        GroupPolicies groupPolicies = groups.groupPolicies(filtered);
        Map<Set<String>, Computed> byGroups = new HashMap<>();
        Map<Integer, Computed> nowPolicies = new HashMap<>();
        numbers.forEach(
                (groupSet, number) -> {
                    Computed computed = policy(number, PortPolicy.rules(groupSet, groupPolicies));
                    byGroups.put(groupSet, computed);
                    nowPolicies.put(number, computed);
                    flows.addAll(computed.flows());
                });
        policies.clear();
        policies.putAll(nowPolicies);

        Map<String, Steering> nowSteering = new HashMap<>();
        List<PortPolicy> portPolicies = new ArrayList<>(filtered.size());
        for (WiredPort port : filtered) {
            Set<String> groupSet = new TreeSet<>(port.securityGroups());
            Steering own = steering(port, numbers.get(groupSet));
            nowSteering.put(port.portId(), own);
            flows.addAll(own.flows());
            portPolicies.add(new PortPolicy(port, byGroups.get(groupSet).rules()));
        }
        steering.clear();
        steering.putAll(nowSteering);
        installing = portPolicies;
        return flows;
    }

    private Computed policy(int number, List<PolicyRule> rules) {
        Computed before = policies.get(number);
        if (before != null && before.rules().equals(rules)) {
            return before;
        }
        return new Computed(rules, FirewallFlows.policy(number, rules));
    }

    private Steering steering(WiredPort port, int policy) {
        Steering before = steering.get(port.portId());
        if (before != null && before.port().equals(port) && before.policy() == policy) {
            return before;
        }
        return new Steering(port, policy, FirewallFlows.filtered(port, policy));
    }

    /** Called once the flows {@link #integrationFlows} returned are installed. */
    @Override
    public void apply(List<WiredPort> ports) {
        cutter.cut(installing);
    }
}
