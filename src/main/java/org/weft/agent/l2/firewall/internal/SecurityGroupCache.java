package org.weft.agent.l2.firewall.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.agent.l2.WiredPort;
import org.weft.bus.Bus;
import org.weft.bus.Topics;
import org.weft.bus.message.L2Messages.SecurityGroupInfo;
import org.weft.bus.message.L2Messages.SecurityGroupRule;
import org.weft.bus.message.L2Messages.SecurityGroupsRequest;

/**
 * The rules of the security groups of the wired ports, and the addresses of the groups those rules
 * name as remote groups, as the server last told them. The server's notifications mark groups stale
 * (from any thread); the next {@link #groupPolicies} (on the agent's loop) asks the server again,
 * in one call, for the groups that are stale, new, or whose rules name a stale group, and for
 * nothing else.
 */
public final class SecurityGroupCache {
    private static final Logger log = LoggerFactory.getLogger(SecurityGroupCache.class);

    private final Bus bus;
    private final String host;
    private final Set<String> stale = ConcurrentHashMap.newKeySet();
    private final Map<String, List<SecurityGroupRule>> rules = new HashMap<>();
    private final Map<String, Map<String, List<String>>> members = new HashMap<>();

    public SecurityGroupCache(Bus bus, String host) {
        this.bus = bus;
        this.host = host;
    }

    /** The server said the rules of {@code groups} or their members changed. */
    public void groupsChanged(List<String> groups) {
        stale.addAll(groups);
    }

    /** Forgets everything: the next call asks for every group again (a full resync). */
    public void clear() {
        rules.clear();
        members.clear();
        stale.clear();
    }

    /**
     * The rules of every group of {@code ports}, remote groups unexpanded, and the members of the
     * remote groups they name, asking the server for what is missing or stale.
     */
    public GroupPolicies groupPolicies(List<WiredPort> ports) {
        refresh(ports);
        Map<String, List<PolicyRule>> byGroup = new LinkedHashMap<>();
        for (WiredPort port : ports) {
            for (String group : port.securityGroups()) {
                byGroup.computeIfAbsent(group, this::unexpandedRules);
            }
        }
        Map<String, Map<Integer, Set<Prefix>>> remotes = new HashMap<>();
        for (List<PolicyRule> groupRules : byGroup.values()) {
            for (PolicyRule rule : groupRules) {
                rule.remoteGroup()
                        .ifPresent(group -> remotes.computeIfAbsent(group, this::addresses));
            }
        }
        return new GroupPolicies(byGroup, remotes);
    }

    private List<PolicyRule> unexpandedRules(String group) {
        Set<PolicyRule> unique = new LinkedHashSet<>();
        for (SecurityGroupRule rule : rules.getOrDefault(group, List.of())) {
            unique.addAll(PolicyRule.unexpanded(rule));
        }
        return List.copyOf(unique);
    }

    private Map<Integer, Set<Prefix>> addresses(String group) {
        Map<Integer, Set<Prefix>> byVersion = new HashMap<>();
        byVersion.put(4, new LinkedHashSet<>());
        byVersion.put(6, new LinkedHashSet<>());
        for (List<String> addresses : members.getOrDefault(group, Map.of()).values()) {
            for (String address : addresses) {
                Prefix member = Prefix.parse(address);
                byVersion.get(member.ipVersion()).add(member);
            }
        }
        return byVersion;
    }

    private void refresh(List<WiredPort> ports) {
        Set<String> changed = new HashSet<>(stale);
        stale.removeAll(changed);
        Set<String> wanted = new LinkedHashSet<>();
        ports.forEach(port -> wanted.addAll(port.securityGroups()));
        rules.keySet().retainAll(wanted);
        Set<String> ask = new HashSet<>();
        for (String group : wanted) {
            if (!rules.containsKey(group) || changed.contains(group) || namesAny(group, changed)) {
                ask.add(group);
            }
        }
        if (ask.isEmpty()) {
            return;
        }
        List<String> devices = new ArrayList<>();
        Set<String> covered = new HashSet<>();
        for (WiredPort port : ports) {
            // One port per group is enough: the answer holds every rule of the port's groups.
            if (port.securityGroups().stream()
                    .anyMatch(g -> ask.contains(g) && !covered.contains(g))) {
                devices.add(port.portId());
                covered.addAll(port.securityGroups());
            }
        }
        SecurityGroupInfo info =
                bus.call(
                        Topics.SECURITY_GROUP_INFO_FOR_DEVICES,
                        new SecurityGroupsRequest(devices, host));
        rules.putAll(info.securityGroups());
        // A group the server no longer knows has no rules; it is not asked for again.
        ask.forEach(group -> rules.putIfAbsent(group, List.of()));
        members.putAll(info.sgMemberIps());
        Set<String> remotes = new HashSet<>();
        rules.values().forEach(list -> list.forEach(rule -> remotes.add(rule.remoteGroupId())));
        members.keySet().retainAll(remotes);
        log.info(
                "security groups fetched host={} groups={} devices={} remote_groups={}",
                host,
                info.securityGroups().keySet(),
                devices.size(),
                info.sgMemberIps().size());
    }

    private boolean namesAny(String group, Set<String> changed) {
        return rules.getOrDefault(group, List.of()).stream()
                .anyMatch(
                        rule ->
                                rule.remoteGroupId() != null
                                        && changed.contains(rule.remoteGroupId()));
    }
}
