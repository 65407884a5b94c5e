package org.weft.dataplane.ovsdb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Changes to the {@code Open_vSwitch} database gathered into one OVSDB transaction: everything
 * added here is committed together or not at all. Built against the client's replica, which says
 * what already exists.
 */
public final class SwitchTransaction {
    private final VswitchDatabase database;
    private final List<Operation> operations = new ArrayList<>();
    private final Map<String, Integer> names = new HashMap<>();
    // One mutation per bridge adds all its new ports, after their inserts.
    private final Map<String, Set<NamedUuid>> portsToAdd = new LinkedHashMap<>();

    SwitchTransaction(VswitchDatabase database) {
        this.database = database;
    }

    /**
     * Makes bridge {@code settings.name()} as {@code settings} say: creates it (with its local
     * internal port, as {@code ovs-vsctl add-br} does) when missing, updates its columns otherwise.
     */
    public SwitchTransaction ensureBridge(BridgeSettings settings) {
        Map<String, Object> columns = new HashMap<>();
        columns.put("datapath_type", settings.datapathType());
        columns.put("fail_mode", settings.failMode().map(FailMode::value));
        columns.put("protocols", settings.protocols());
        columns.put("external_ids", settings.externalIds());
        columns.put("other_config", settings.otherConfig());
        Optional<Bridge> existing = database.bridge(settings.name());
        if (existing.isPresent()) {
            if (!existing.get()
                    .controllers()
                    .equals(settings.controllers().stream().sorted().toList())) {
                columns.put("controller", insertControllers(settings.controllers()));
            }
            operations.add(
                    Operation.update(VswitchDatabase.BRIDGE, nameIs(settings.name()), columns));
            return this;
        }
        columns.put("name", settings.name());
        columns.put("controller", insertControllers(settings.controllers()));
        NamedUuid localPort = insertPort(PortSettings.internal(settings.name()));
        columns.put("ports", Set.of(localPort));
        NamedUuid bridge = insert(VswitchDatabase.BRIDGE, columns);
        operations.add(
                Operation.mutate(
                        VswitchDatabase.OPEN_VSWITCH,
                        List.of(),
                        List.of(Mutation.insert("bridges", Set.of(bridge)))));
        return this;
    }

    /** Removes bridge {@code name} with its ports; nothing happens if there is no such bridge. */
    public SwitchTransaction removeBridge(String name) {
        database.bridge(name)
                .ifPresent(
                        bridge ->
                                operations.add(
                                        Operation.mutate(
                                                VswitchDatabase.OPEN_VSWITCH,
                                                List.of(),
                                                List.of(
                                                        Mutation.delete(
                                                                "bridges",
                                                                Set.of(bridge.uuid()))))));
        return this;
    }

    /**
     * Adds port {@code settings.name()} to {@code bridge}; the transaction fails if the bridge is
     * missing or a port of that name exists anywhere.
     */
    public SwitchTransaction addPort(String bridge, PortSettings settings) {
        if (!portsToAdd.containsKey(bridge)) {
            requireBridge(bridge);
        }
        portsToAdd.computeIfAbsent(bridge, name -> new LinkedHashSet<>()).add(insertPort(settings));
        return this;
    }

    /**
     * Makes port {@code settings.name()} on {@code bridge} as {@code settings} say: adopts and
     * updates a port of that name (moving it from another bridge if need be), adds it otherwise. An
     * adopted port keeps its VLAN ({@code tag}, {@code trunks}) and its {@code other_config} unless
     * {@code settings} give them: the L2 agent sets those of the ports others plug, and does not
     * wire an unchanged port again, so a plug repeated after an agent's restart or a host's reboot
     * must not cut the port off its network.
     */
    public SwitchTransaction ensurePort(String bridge, PortSettings settings) {
        Optional<Port> existing = database.port(settings.name());
        if (existing.isEmpty()) {
            return addPort(bridge, settings);
        }
        Port port = existing.get();
        Optional<Bridge> holder = database.bridgeOf(port);
        if (holder.isPresent() && !holder.get().name().equals(bridge)) {
            removePort(holder.get().name(), port.name());
            return addPort(bridge, settings);
        }
        Map<String, Object> portColumns = new HashMap<>(settings.portColumns());
        portColumns.remove("name");
        if (settings.tag().isEmpty()) {
            portColumns.remove("tag");
        }
        if (settings.trunks().isEmpty()) {
            portColumns.remove("trunks");
        }
        if (settings.portOtherConfig().isEmpty()) {
            portColumns.remove("other_config");
        }
        operations.add(Operation.update(VswitchDatabase.PORT, nameIs(port.name()), portColumns));
        Map<String, Object> interfaceColumns = new HashMap<>(settings.interfaceColumns());
        interfaceColumns.remove("name");
        operations.add(
                Operation.update(VswitchDatabase.INTERFACE, nameIs(port.name()), interfaceColumns));
        return this;
    }

    /** Removes port {@code name} from {@code bridge}; nothing happens if it is not there. */
    public SwitchTransaction removePort(String bridge, String name) {
        database.port(name)
                .ifPresent(
                        port ->
                                operations.add(
                                        Operation.mutate(
                                                VswitchDatabase.BRIDGE,
                                                nameIs(bridge),
                                                List.of(
                                                        Mutation.delete(
                                                                "ports", Set.of(port.uuid()))))));
        return this;
    }

    /** Sets the access VLAN of port {@code name}, or clears it when empty. */
    public SwitchTransaction setTag(String name, java.util.OptionalInt tag) {
        Object value = tag.isPresent() ? Optional.of((long) tag.getAsInt()) : Optional.empty();
        operations.add(Operation.update(VswitchDatabase.PORT, nameIs(name), Map.of("tag", value)));
        return this;
    }

    /**
     * Sets the entries of {@code entries} in map column {@code column} (such as {@code
     * external_ids}, {@code other_config}, {@code options}) of the row called {@code name} in
     * {@code table}, leaving other keys as they are.
     */
    public SwitchTransaction setEntries(
            String table, String name, String column, Map<String, String> entries) {
        operations.add(
                Operation.mutate(
                        table,
                        nameIs(name),
                        List.of(
                                Mutation.delete(column, new LinkedHashSet<>(entries.keySet())),
                                Mutation.insert(column, entries))));
        return this;
    }

    /** Removes {@code keys} from map column {@code column} of the row called {@code name}. */
    public SwitchTransaction removeEntries(
            String table, String name, String column, Set<String> keys) {
        operations.add(
                Operation.mutate(table, nameIs(name), List.of(Mutation.delete(column, keys))));
        return this;
    }

    /** Any operation, for what the typed ones do not cover. */
    public SwitchTransaction add(Operation operation) {
        operations.add(operation);
        return this;
    }

    /** The operations of this transaction, in the order they are sent. */
    public List<Operation> operations() {
        List<Operation> all = new ArrayList<>(operations);
        portsToAdd.forEach(
                (bridge, ports) ->
                        all.add(
                                Operation.mutate(
                                        VswitchDatabase.BRIDGE,
                                        nameIs(bridge),
                                        List.of(Mutation.insert("ports", ports)))));
        return all;
    }

    public TransactionResult commit() {
        return database.client().transact(operations());
    }

    /**
     * Commits, then waits until ovs-vswitchd has acted on the change: the transaction also raises
     * {@code next_cfg}, which ovs-vswitchd copies to {@code cur_cfg} once it has reconfigured.
     * After that, an interface without an ofport is one the switch could not add.
     */
    public TransactionResult commitAndWait(Duration limit) {
        List<Operation> all = operations();
        all.add(
                Operation.mutate(
                        VswitchDatabase.OPEN_VSWITCH,
                        List.of(),
                        List.of(Mutation.add("next_cfg", 1))));
        all.add(Operation.select(VswitchDatabase.OPEN_VSWITCH, List.of()).columns("next_cfg"));
        TransactionResult result = database.client().transact(all);
        long sequence = result.rows(all.size() - 1).get(0).integer("next_cfg");
        database.awaitSwitchConfigured(sequence, limit);
        return result;
    }

    public CompletableFuture<TransactionResult> commitAsync() {
        return database.client().transactAsync(operations());
    }

    private NamedUuid insertPort(PortSettings settings) {
        NamedUuid iface = insert(VswitchDatabase.INTERFACE, settings.interfaceColumns());
        Map<String, Object> port = new HashMap<>(settings.portColumns());
        port.put("interfaces", Set.of(iface));
        return insert(VswitchDatabase.PORT, port);
    }

    private Object insertControllers(List<String> targets) {
        Set<NamedUuid> controllers = new LinkedHashSet<>();
        for (String target : targets) {
            controllers.add(insert(VswitchDatabase.CONTROLLER, Map.of("target", target)));
        }
        return controllers;
    }

    private NamedUuid insert(String table, Map<String, Object> row) {
        String name = uniqueName(table.toLowerCase(java.util.Locale.ROOT));
        Operation.Insert insert = Operation.insert(table, row).withUuidName(name);
        operations.add(insert);
        return insert.reference();
    }

    private String uniqueName(String base) {
        int count = names.merge(base, 1, Integer::sum);
        return base + count;
    }

    // A zero-timeout wait: the transaction fails as a whole if the bridge is not there, instead
    // of committing ports that no bridge holds (and that the server would drop silently).
    private void requireBridge(String bridge) {
        operations.add(
                new Operation.Wait(
                        VswitchDatabase.BRIDGE,
                        nameIs(bridge),
                        List.of("name"),
                        true,
                        List.of(Map.of("name", bridge)),
                        Optional.of(java.time.Duration.ZERO)));
    }

    private static List<Condition> nameIs(String name) {
        return List.of(Condition.equal("name", name));
    }
}
