package org.weft.agent.l2.firewall;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.agent.l2.FirewallDriver;
import org.weft.agent.l2.WiredPort;
import org.weft.agent.l2.firewall.internal.ConnectionCutter;
import org.weft.agent.l2.firewall.internal.GroupPolicies;
import org.weft.agent.l2.firewall.internal.Ipsets;
import org.weft.agent.l2.firewall.internal.IptablesRules;
import org.weft.agent.l2.firewall.internal.IptablesTables;
import org.weft.agent.l2.firewall.internal.KernelConntrack;
import org.weft.agent.l2.firewall.internal.PortPolicy;
import org.weft.agent.l2.firewall.internal.Prefix;
import org.weft.agent.l2.firewall.internal.SecurityGroupCache;
import org.weft.bus.Handlers;
import org.weft.dataplane.openflow.Flow;

/**
 * {@code firewall_driver = iptables_hybrid}, as the guide deploys it: each port plugged through a
 * Linux bridge of its own ({@code qbr…}, made by os-vif or {@code weft vif plug} because the port's
 * {@code vif_details} say {@code ovs_hybrid_plug}; never by the agent), and iptables chains with
 * physdev matches on it (see {@link IptablesRules}), in the host's own network namespace: each
 * group's rules once, in chains its ports share, and remote groups as address sets. Each change is
 * one {@code ipset restore} (the sets' entries that differ), one {@code iptables-restore} per IP
 * version naming only the chains that changed, and the sets no longer named destroyed.
 *
 * <p>Neutron's {@code [SECURITYGROUP] enable_ipset = False} is not followed: remote groups are
 * always matched as sets.
 */
public final class HybridIptablesFirewall implements FirewallDriver {
    private static final Logger log = LoggerFactory.getLogger(HybridIptablesFirewall.class);

    private Context context;
    private SecurityGroupCache groups;
    private IptablesTables ipv4;
    private IptablesTables ipv6;
    private Ipsets sets;
    private ConnectionCutter cutter;
    private final Set<String> warnedUnbridged = new HashSet<>();

    @Override
    public String name() {
        return "iptables_hybrid";
    }

    @Override
    public boolean hybridPlug() {
        return true;
    }

    @Override
    public void start(Context agent) {
        this.context = agent;
        this.groups = new SecurityGroupCache(agent.bus(), agent.host());
        IptablesTables.enableBridgeFiltering(agent.placement());
        sets = new Ipsets(agent.placement());
        ipv4 = new IptablesTables(4, agent.placement());
        ipv6 = new IptablesTables(6, agent.placement());
        cutter = new ConnectionCutter(new KernelConntrack(agent.placement()));
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(IptablesRules.RAW, IptablesRules.ZONES);
        entries.put(IptablesRules.FILTER, IptablesRules.DISPATCH);
        ipv4.hook(entries);
        ipv6.hook(entries);
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
        return List.of();
    }

    @Override
    public void apply(List<WiredPort> ports) {
        List<WiredPort> filtered = new ArrayList<>();
        for (WiredPort port : ports) {
            if (!FirewallDriver.filters(port)) {
                continue;
            }
            if (port.interfaceName().startsWith("qvo")) {
                filtered.add(port);
            } else if (warnedUnbridged.add(port.portId())) {
                log.warn(
                        "port plugged straight into br-int, without its own Linux bridge:"
                                + " iptables_hybrid cannot filter it port={} interface={}",
                        port.portId(),
                        port.interfaceName());
            }
        }
        GroupPolicies policies = groups.groupPolicies(filtered);
        Map<String, Set<Prefix>> wanted = new LinkedHashMap<>(IptablesRules.sets(policies, 4));
        wanted.putAll(IptablesRules.sets(policies, 6));
        sets.ensure(wanted);

        ipv4.ensure(IptablesRules.render(filtered, policies, 4));
        ipv6.ensure(IptablesRules.render(filtered, policies, 6));

        sets.removeUnwanted();
        cutter.cut(filtered.stream().map(port -> PortPolicy.of(port, policies)).toList());
    }
}
