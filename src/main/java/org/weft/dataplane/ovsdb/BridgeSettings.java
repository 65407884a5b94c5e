package org.weft.dataplane.ovsdb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a bridge should be: its datapath type, fail mode, OpenFlow protocols, controllers and
 * key-value columns. {@link SwitchTransaction#ensureBridge} makes the bridge so, creating it when
 * missing. New settings speak OpenFlow 1.3 and 1.4 and have no controller.
 */
public record BridgeSettings(
        String name,
        String datapathType,
        Optional<FailMode> failMode,
        Set<String> protocols,
        List<String> controllers,
        Map<String, String> externalIds,
        Map<String, String> otherConfig) {

    public static final Set<String> OPENFLOW_13_AND_14 = Set.of("OpenFlow13", "OpenFlow14");

    public BridgeSettings {
        protocols = Set.copyOf(protocols);
        controllers = List.copyOf(controllers);
        externalIds = Map.copyOf(externalIds);
        otherConfig = Map.copyOf(otherConfig);
    }

    public static BridgeSettings named(String name) {
        return new BridgeSettings(
                name, "", Optional.empty(), OPENFLOW_13_AND_14, List.of(), Map.of(), Map.of());
    }

    /** {@code netdev} for the userspace datapath, {@code system} (or empty) for the kernel's. */
    public BridgeSettings datapathType(String type) {
        return new BridgeSettings(
                name, type, failMode, protocols, controllers, externalIds, otherConfig);
    }

    public BridgeSettings failMode(FailMode mode) {
        return new BridgeSettings(
                name,
                datapathType,
                Optional.of(mode),
                protocols,
                controllers,
                externalIds,
                otherConfig);
    }

    public BridgeSettings protocols(Set<String> names) {
        return new BridgeSettings(
                name, datapathType, failMode, names, controllers, externalIds, otherConfig);
    }

    /** Controller targets such as {@code tcp:127.0.0.1:6633}; none by default. */
    public BridgeSettings controllers(List<String> targets) {
        return new BridgeSettings(
                name, datapathType, failMode, protocols, targets, externalIds, otherConfig);
    }

    public BridgeSettings externalId(String key, String value) {
        return new BridgeSettings(
                name,
                datapathType,
                failMode,
                protocols,
                controllers,
                put(externalIds, key, value),
                otherConfig);
    }

    public BridgeSettings otherConfig(String key, String value) {
        return new BridgeSettings(
                name,
                datapathType,
                failMode,
                protocols,
                controllers,
                externalIds,
                put(otherConfig, key, value));
    }

    static Map<String, String> put(Map<String, String> map, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return copy;
    }
}
