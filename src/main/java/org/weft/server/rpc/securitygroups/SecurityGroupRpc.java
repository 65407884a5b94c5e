package org.weft.server.rpc.securitygroups;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.Handlers;
import org.weft.bus.Topics;
import org.weft.bus.message.FixedIp;
import org.weft.bus.message.L2Messages;
import org.weft.server.service.Port;
import org.weft.server.service.PortId;
import org.weft.server.service.SecurityGroupId;
import org.weft.server.service.SecurityGroupRule;
import org.weft.server.service.Services;

/**
 * The plugin's answer to {@code security_group_info_for_devices}: for the ports an agent wires,
 * their addresses and groups, every rule of those groups, and the fixed IPs of the members of each
 * group a rule names as its remote group, by ethertype. Ports the server does not know are left
 * out.
 */
public final class SecurityGroupRpc {
    private static final Logger log = LoggerFactory.getLogger(SecurityGroupRpc.class);

    private final Services services;

    public SecurityGroupRpc(Services services) {
        this.services = services;
    }

    public Handlers.Builder addTo(Handlers.Builder plugin) {
        return plugin.on(Topics.SECURITY_GROUP_INFO_FOR_DEVICES, this::infoForDevices);
    }

    public L2Messages.SecurityGroupInfo infoForDevices(L2Messages.SecurityGroupsRequest request) {
        Map<String, L2Messages.PortSecurity> devices = new LinkedHashMap<>();
        Set<SecurityGroupId> groups = new LinkedHashSet<>();
        for (String device : request.devices()) {
            port(device)
                    .ifPresent(
                            port -> {
                                devices.put(device, portSecurity(port));
                                groups.addAll(port.securityGroups());
                            });
        }
        Map<String, List<L2Messages.SecurityGroupRule>> rules = new LinkedHashMap<>();
        Set<SecurityGroupId> remotes = new LinkedHashSet<>();
        groups.forEach(group -> rules.put(group.value(), new ArrayList<>()));
        for (SecurityGroupRule rule : services.securityGroups().rulesOf(groups)) {
            rules.get(rule.securityGroupId().value()).add(message(rule));
            rule.remoteGroupId().ifPresent(remotes::add);
        }
        Map<String, Map<String, List<String>>> memberIps = new LinkedHashMap<>();
        for (SecurityGroupId remote : remotes) {
            memberIps.put(remote.value(), memberAddresses(remote));
        }
        log.debug(
                "security group info host={} devices={} groups={}",
                request.host(),
                devices.size(),
                rules.size());
        return new L2Messages.SecurityGroupInfo(devices, rules, memberIps);
    }

    private Optional<Port> port(String device) {
        return services.store()
                .inTransaction(tx -> services.ports().kind().table().find(tx, device));
    }

    private static L2Messages.PortSecurity portSecurity(Port port) {
        return new L2Messages.PortSecurity(
                port.id().value(),
                port.macAddress().toString(),
                port.fixedIps().stream()
                        .map(f -> new FixedIp(f.subnetId().value(), f.ipAddress().toString()))
                        .toList(),
                port.allowedAddressPairs().stream()
                        .map(
                                pair ->
                                        new L2Messages.AllowedAddressPair(
                                                pair.ipAddress(), pair.macAddress().toString()))
                        .toList(),
                port.securityGroups().stream().map(SecurityGroupId::value).toList(),
                port.portSecurityEnabled());
    }

    private static L2Messages.SecurityGroupRule message(SecurityGroupRule rule) {
        return new L2Messages.SecurityGroupRule(
                rule.id().value(),
                rule.securityGroupId().value(),
                rule.direction(),
                rule.ethertype(),
                rule.protocol().orElse(null),
                rule.portRangeMin().orElse(null),
                rule.portRangeMax().orElse(null),
                rule.normalizedCidr().orElse(null),
                rule.remoteGroupId().map(SecurityGroupId::value).orElse(null));
    }

    /** The fixed IPs of a group's member ports, under {@code IPv4} and {@code IPv6}. */
    private Map<String, List<String>> memberAddresses(SecurityGroupId group) {
        Map<String, List<String>> addresses = new LinkedHashMap<>();
        addresses.put("IPv4", new ArrayList<>());
        addresses.put("IPv6", new ArrayList<>());
        for (PortId member : services.securityGroups().members(group)) {
            port(member.value())
                    .ifPresent(
                            port ->
                                    port.fixedIps()
                                            .forEach(
                                                    fixedIp ->
                                                            addresses
                                                                    .get(
                                                                            "IPv"
                                                                                    + fixedIp.ipAddress()
                                                                                            .version())
                                                                    .add(
                                                                            fixedIp.ipAddress()
                                                                                    .toString())));
        }
        return addresses;
    }
}
