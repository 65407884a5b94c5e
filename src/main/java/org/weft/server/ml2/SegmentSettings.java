package org.weft.server.ml2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.weft.config.Config;
import org.weft.config.ConfigException;
import org.weft.config.Option;

/**
 * The segment configuration of a server, checked: which network types exist, which a tenant's
 * network gets, the id ranges tenant networks are allocated from, the physical networks, and the
 * MTUs networks are derived from.
 *
 * @param typeDrivers the types networks may have
 * @param tenantTypes the types a tenant network is given, tried in order
 * @param tunnelRanges per tunnel type, the ranges tenant networks take keys from
 * @param vlanRanges per physical network (in the configuration's order), the VLAN ranges tenant
 *     networks take ids from; an empty list allows provider VLANs only
 * @param flatNetworks the physical networks flat networks may use; empty with {@code anyFlat}
 * @param anyFlat whether flat networks may use any physical network ({@code *})
 * @param globalPhysnetMtu the MTU of every physical network unless {@code physnetMtus} says
 * @param pathMtu the MTU between tunnel endpoints, 0 when it is {@code globalPhysnetMtu}
 * @param physnetMtus per physical network, its own MTU
 * @param overlayIpVersion the IP version of the tunnels' outer header
 * @param geneveHeaderSize the room a Geneve header with options takes
 */
public record SegmentSettings(
        Set<NetworkType> typeDrivers,
        List<NetworkType> tenantTypes,
        Map<NetworkType, List<IdRange>> tunnelRanges,
        Map<String, List<IdRange>> vlanRanges,
        Set<String> flatNetworks,
        boolean anyFlat,
        int globalPhysnetMtu,
        int pathMtu,
        Map<String, Integer> physnetMtus,
        int overlayIpVersion,
        int geneveHeaderSize) {

    /** Bytes of a tunnel's own header (Neutron's figures), before the outer IP header. */
    private static final Map<NetworkType, Integer> ENCAPSULATION =
            Map.of(NetworkType.GRE, 22, NetworkType.VXLAN, 30);

    public SegmentSettings {
        typeDrivers = Collections.unmodifiableSet(EnumSet.copyOf(typeDrivers));
        tenantTypes = List.copyOf(tenantTypes);
        tunnelRanges = Collections.unmodifiableMap(new EnumMap<>(tunnelRanges));
        vlanRanges = Collections.unmodifiableMap(new LinkedHashMap<>(vlanRanges));
        flatNetworks = Set.copyOf(flatNetworks);
        physnetMtus = Map.copyOf(physnetMtus);
    }

    /** The settings written in {@code config}; a malformed value stops the start. */
    public static SegmentSettings from(Config config) {
        Set<NetworkType> drivers = EnumSet.noneOf(NetworkType.class);
        for (String name : config.get(Ml2Options.TYPE_DRIVERS)) {
            drivers.add(type(Ml2Options.TYPE_DRIVERS, name));
        }
        List<NetworkType> tenant = new ArrayList<>();
        for (String name : config.get(Ml2Options.TENANT_NETWORK_TYPES)) {
            if (name.equalsIgnoreCase("none")) {
                continue;
            }
            NetworkType type = type(Ml2Options.TENANT_NETWORK_TYPES, name);
            if (!drivers.contains(type)) {
                throw new ConfigException(
                        Ml2Options.TENANT_NETWORK_TYPES
                                + ": "
                                + type
                                + " is not among "
                                + Ml2Options.TYPE_DRIVERS
                                + " "
                                + drivers);
            }
            tenant.add(type);
        }
        Map<NetworkType, List<IdRange>> tunnels = new EnumMap<>(NetworkType.class);
        tunnels.put(NetworkType.GRE, ranges(config, Ml2Options.TUNNEL_ID_RANGES, NetworkType.GRE));
        tunnels.put(
                NetworkType.VXLAN, ranges(config, Ml2Options.VXLAN_VNI_RANGES, NetworkType.VXLAN));
        tunnels.put(
                NetworkType.GENEVE,
                ranges(config, Ml2Options.GENEVE_VNI_RANGES, NetworkType.GENEVE));
        List<String> flat = config.get(Ml2Options.FLAT_NETWORKS);
        return new SegmentSettings(
                drivers,
                tenant,
                tunnels,
                vlanRanges(config),
                flat.contains("*") ? Set.of() : Set.copyOf(flat),
                flat.contains("*"),
                config.get(Ml2Options.GLOBAL_PHYSNET_MTU),
                config.get(Ml2Options.PATH_MTU),
                physnetMtus(config),
                config.get(Ml2Options.OVERLAY_IP_VERSION),
                config.get(Ml2Options.GENEVE_MAX_HEADER_SIZE));
    }

    /** The settings of a server with no configuration at all: ML2's defaults. */
    public static SegmentSettings defaults() {
        return from(Config.empty());
    }

    /** Whether {@code physicalNetwork} may carry flat networks. */
    public boolean allowsFlat(String physicalNetwork) {
        return anyFlat || flatNetworks.contains(physicalNetwork);
    }

    public List<IdRange> tenantRanges(NetworkType type) {
        return tunnelRanges.getOrDefault(type, List.of());
    }

    /**
     * The largest frame payload a network of {@code type} on {@code physicalNetwork} carries, as
     * Neutron computes it: a physical network's MTU for flat and VLAN networks; for a tunnel, the
     * smaller of {@code global_physnet_mtu} and {@code path_mtu} less the outer IP header and the
     * tunnel's own header (GRE 1458, VXLAN 1450 from 1500 over IPv4).
     */
    public int mtu(NetworkType type, Optional<String> physicalNetwork) {
        if (type.isPhysical()) {
            int physical = physicalNetwork.map(physnetMtus::get).orElse(globalPhysnetMtu);
            return Math.min(globalPhysnetMtu, physical);
        }
        if (!type.isTunnel()) {
            return globalPhysnetMtu;
        }
        int path = pathMtu > 0 ? Math.min(pathMtu, globalPhysnetMtu) : globalPhysnetMtu;
        int outerIp = overlayIpVersion == 6 ? 40 : 20;
        int header =
                type == NetworkType.GENEVE ? geneveHeaderSize : ENCAPSULATION.getOrDefault(type, 0);
        return path - outerIp - header;
    }

    private static NetworkType type(Option<?> option, String name) {
        return NetworkType.find(name)
                .orElseThrow(
                        () ->
                                new ConfigException(
                                        option
                                                + ": unknown network type '"
                                                + name
                                                + "', expected local, flat, vlan, gre, vxlan or"
                                                + " geneve"));
    }

    private static List<IdRange> ranges(
            Config config, Option<List<String>> option, NetworkType type) {
        List<IdRange> ranges = new ArrayList<>();
        for (String text : config.get(option)) {
            IdRange range = range(option, text);
            if (range.max() > type.maxSegmentationId()) {
                throw new ConfigException(
                        option
                                + ": range "
                                + range
                                + " goes past the largest "
                                + type
                                + " id "
                                + type.maxSegmentationId());
            }
            ranges.add(range);
        }
        return ranges;
    }

    private static IdRange range(Option<?> option, String text) {
        try {
            return IdRange.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option + ": " + e.getMessage());
        }
    }

    private static Map<String, List<IdRange>> vlanRanges(Config config) {
        Map<String, List<IdRange>> byPhysnet = new LinkedHashMap<>();
        for (String entry : config.get(Ml2Options.NETWORK_VLAN_RANGES)) {
            String[] parts = entry.split(":", 2);
            String physnet = parts[0].strip();
            if (physnet.isEmpty()) {
                throw new ConfigException(
                        Ml2Options.NETWORK_VLAN_RANGES
                                + ": '"
                                + entry
                                + "' names no physical network, expected physnet[:min:max]");
            }
            List<IdRange> ranges = byPhysnet.computeIfAbsent(physnet, name -> new ArrayList<>());
            if (parts.length == 2) {
                IdRange range = range(Ml2Options.NETWORK_VLAN_RANGES, parts[1]);
                if (range.max() > NetworkType.VLAN.maxSegmentationId()) {
                    throw new ConfigException(
                            Ml2Options.NETWORK_VLAN_RANGES
                                    + ": VLAN range "
                                    + range
                                    + " of "
                                    + physnet
                                    + " goes past 4094");
                }
                ranges.add(range);
            }
        }
        byPhysnet.replaceAll((physnet, ranges) -> List.copyOf(ranges));
        return byPhysnet;
    }

    private static Map<String, Integer> physnetMtus(Config config) {
        Map<String, Integer> mtus = new LinkedHashMap<>();
        for (String entry : config.get(Ml2Options.PHYSICAL_NETWORK_MTUS)) {
            String[] parts = entry.split(":");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                mtus.put(parts[0].strip(), Integer.parseInt(parts[1].strip()));
            } catch (NumberFormatException e) {
                throw new ConfigException(
                        Ml2Options.PHYSICAL_NETWORK_MTUS + ": '" + entry + "' is not physnet:mtu");
            }
        }
        return mtus;
    }
}
