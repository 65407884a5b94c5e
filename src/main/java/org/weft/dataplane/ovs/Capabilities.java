package org.weft.dataplane.ovs;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.weft.config.StartRefusedException;
import org.weft.dataplane.ovsdb.TunnelType;

/**
 * What this Open vSwitch can do with a datapath type, as {@link CapabilityProbe} found by trying:
 * whether a bridge of that type works at all, which tunnel types and whether patch ports can be
 * added, and whether connection tracking and NAT flows are accepted.
 */
public record Capabilities(
        String ovsVersion,
        String datapathType,
        Set<String> datapathTypes,
        Support datapath,
        Map<TunnelType, Support> tunnels,
        Support patchPorts,
        Support conntrack,
        Support nat) {

    public Capabilities {
        datapathTypes = Set.copyOf(datapathTypes);
        tunnels = Map.copyOf(tunnels);
    }

    public boolean supports(TunnelType type) {
        return tunnels.getOrDefault(type, Support.no("not probed")).works();
    }

    /**
     * Refuses to start an agent with tunnelling enabled for {@code wanted} when this switch cannot
     * add those tunnels or patch ports (the install guide's first troubleshooting case), saying
     * what is missing and what to do.
     */
    public void requireTunnelling(Collection<TunnelType> wanted) {
        List<TunnelType> missing = missing(wanted);
        if (missing.isEmpty() && patchPorts.works()) {
            return;
        }
        throw new StartRefusedException(tunnellingRefusal(missing));
    }

    /** The tunnel types of {@code wanted} this switch cannot add. */
    public List<TunnelType> missing(Collection<TunnelType> wanted) {
        return wanted.stream().filter(type -> !supports(type)).toList();
    }

    /**
     * Why tunnelling cannot work here and what to do, for the refusal and for {@code weft doctor}.
     */
    public String tunnellingRefusal(List<TunnelType> missing) {
        return tunnellingProblem(missing) + ". " + tunnellingRemedy();
    }

    /** What is missing for tunnelling, and why, in the words of the install guide's refusal. */
    public String tunnellingProblem(List<TunnelType> missing) {
        String what =
                (missing.isEmpty()
                                ? ""
                                : missing.stream()
                                                .map(TunnelType::type)
                                                .collect(Collectors.joining(", "))
                                        + " tunnels")
                        + (missing.isEmpty() || patchPorts.works() ? "" : " or ")
                        + (patchPorts.works() ? "" : "patch ports");
        return "Cannot have tunneling enabled on this agent, since this Open vSwitch ("
                + ovsVersion
                + ", datapath_type "
                + datapathType
                + ") does not support "
                + what
                + ": "
                + firstProblem(missing);
    }

    private String firstProblem(List<TunnelType> missing) {
        if (!datapath.works()) {
            return datapath.problem();
        }
        if (!missing.isEmpty()) {
            return tunnels.get(missing.get(0)).problem();
        }
        return patchPorts.problem();
    }

    /** What to do about {@link #tunnellingProblem}. */
    public String tunnellingRemedy() {
        if (!datapath.works() && datapathType.equals("system")) {
            return "Load the Open vSwitch kernel module (modprobe openvswitch), or use the"
                    + " userspace datapath ([ovs] datapath_type = netdev), or turn tunnelling"
                    + " off ([agent] tunnel_types empty, [OVS] enable_tunneling = False)";
        }
        return "Upgrade Open vSwitch to a version with these tunnel types, or choose supported ones"
                + " in [agent] tunnel_types, or turn tunnelling off ([OVS] enable_tunneling ="
                + " False)";
    }
}
