package org.weft.dataplane.ovsdb;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a port and its one interface should be: the interface's type and options (a system device,
 * an internal port, a patch port and its peer, a tunnel to a remote address), the port's VLAN
 * {@code tag} or {@code trunks}, and the key-value columns of both.
 */
public record PortSettings(
        String name,
        String type,
        Map<String, String> options,
        OptionalInt tag,
        Set<Integer> trunks,
        Map<String, String> externalIds,
        Map<String, String> interfaceOtherConfig,
        Map<String, String> portExternalIds,
        Map<String, String> portOtherConfig) {

    public PortSettings {
        options = Map.copyOf(options);
        trunks = Set.copyOf(trunks);
        externalIds = Map.copyOf(externalIds);
        interfaceOtherConfig = Map.copyOf(interfaceOtherConfig);
        portExternalIds = Map.copyOf(portExternalIds);
        portOtherConfig = Map.copyOf(portOtherConfig);
        if (name.isEmpty() || name.length() > 15) {
            throw new IllegalArgumentException(
                    "port name '" + name + "' must have 1 to 15 characters, as a device name");
        }
    }

    private static PortSettings of(String name, String type, Map<String, String> options) {
        return new PortSettings(
                name,
                type,
                options,
                OptionalInt.empty(),
                Set.of(),
                Map.of(),
                Map.of(),
                Map.of(),
                Map.of());
    }

    /** A device that exists in the switch's namespace (a veth, a tap). */
    public static PortSettings system(String name) {
        return of(name, "", Map.of());
    }

    /** A device the switch makes itself, such as a DHCP or router port. */
    public static PortSettings internal(String name) {
        return of(name, "internal", Map.of());
    }

    /** One end of a patch between two bridges; the other end is named {@code peer}. */
    public static PortSettings patch(String name, String peer) {
        return of(name, "patch", Map.of("peer", peer));
    }

    /**
     * A tunnel to {@code remoteIp} from {@code localIp}, whose key the flows set and match ({@code
     * key=flow}), as the agents' {@code br-tun} uses.
     */
    public static PortSettings tunnel(
            String name, TunnelType type, InetAddress remoteIp, InetAddress localIp) {
        return of(
                name,
                type.type(),
                Map.of(
                        "remote_ip", remoteIp.getHostAddress(),
                        "local_ip", localIp.getHostAddress(),
                        "key", "flow"));
    }

    /** The access VLAN: the port carries this VLAN untagged. */
    public PortSettings tag(int vlan) {
        if (vlan < 0 || vlan > 4095) {
            throw new IllegalArgumentException("VLAN tag " + vlan + " is not in 0-4095");
        }
        return new PortSettings(
                name,
                type,
                options,
                OptionalInt.of(vlan),
                trunks,
                externalIds,
                interfaceOtherConfig,
                portExternalIds,
                portOtherConfig);
    }

    public PortSettings trunks(Set<Integer> vlans) {
        return new PortSettings(
                name,
                type,
                options,
                tag,
                vlans,
                externalIds,
                interfaceOtherConfig,
                portExternalIds,
                portOtherConfig);
    }

    /** An interface option, such as {@code df_default} or {@code dst_port}. */
    public PortSettings option(String key, String value) {
        return new PortSettings(
                name,
                type,
                BridgeSettings.put(options, key, value),
                tag,
                trunks,
                externalIds,
                interfaceOtherConfig,
                portExternalIds,
                portOtherConfig);
    }

    /**
     * An interface {@code external_ids} entry, such as {@code iface-id} or {@code attached-mac}.
     */
    public PortSettings externalId(String key, String value) {
        return new PortSettings(
                name,
                type,
                options,
                tag,
                trunks,
                BridgeSettings.put(externalIds, key, value),
                interfaceOtherConfig,
                portExternalIds,
                portOtherConfig);
    }

    public PortSettings portExternalId(String key, String value) {
        return new PortSettings(
                name,
                type,
                options,
                tag,
                trunks,
                externalIds,
                interfaceOtherConfig,
                BridgeSettings.put(portExternalIds, key, value),
                portOtherConfig);
    }

    /** A port {@code other_config} entry, where the L2 agent notes a port's network. */
    public PortSettings portOtherConfig(String key, String value) {
        return new PortSettings(
                name,
                type,
                options,
                tag,
                trunks,
                externalIds,
                interfaceOtherConfig,
                portExternalIds,
                BridgeSettings.put(portOtherConfig, key, value));
    }

    public PortSettings interfaceOtherConfig(String key, String value) {
        return new PortSettings(
                name,
                type,
                options,
                tag,
                trunks,
                externalIds,
                BridgeSettings.put(interfaceOtherConfig, key, value),
                portExternalIds,
                portOtherConfig);
    }

    Map<String, Object> portColumns() {
        return Map.of(
                "name", name,
                "tag", tag.isPresent() ? Optional.of((long) tag.getAsInt()) : Optional.empty(),
                "trunks", trunks.stream().map(Integer::longValue).toList(),
                "external_ids", portExternalIds,
                "other_config", portOtherConfig);
    }

    Map<String, Object> interfaceColumns() {
        return Map.of(
                "name", name,
                "type", type,
                "options", options,
                "external_ids", externalIds,
                "other_config", interfaceOtherConfig);
    }
}
