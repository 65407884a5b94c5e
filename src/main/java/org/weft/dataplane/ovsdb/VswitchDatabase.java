package org.weft.dataplane.ovsdb;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code Open_vSwitch} database of one switch in the agents' words: bridges, ports, interfaces
 * and their ofports, read from a replica the server keeps current (no polling), and changed in
 * {@link SwitchTransaction}s. A thin layer over an {@link OvsdbClient} that monitors the tables it
 * needs.
 *
 * <p>The replica reads its own writes: ovsdb-server sends the {@code update} for a client's own
 * transaction before the transaction's reply (ovsdb-server(7), §4.1.6), and the session applies
 * messages in order, so when a commit returns the replica already shows it.
 */
public final class VswitchDatabase implements AutoCloseable {
    static final String OPEN_VSWITCH = "Open_vSwitch";
    static final String BRIDGE = "Bridge";
    static final String PORT = "Port";
    static final String INTERFACE = "Interface";
    static final String CONTROLLER = "Controller";
    private static final Duration REPLUG_LIMIT = Duration.ofSeconds(10);

    /**
     * The monitored columns. {@code Interface.statistics} and {@code status} are left out: they
     * change every few seconds and no agent decision depends on them.
     */
    public static final List<TableMonitor> MONITORS =
            List.of(
                    TableMonitor.columns(
                            OPEN_VSWITCH,
                            "bridges",
                            "ovs_version",
                            "db_version",
                            "datapath_types",
                            "iface_types",
                            "external_ids",
                            "other_config",
                            "next_cfg",
                            "cur_cfg"),
                    TableMonitor.columns(
                            BRIDGE,
                            "name",
                            "datapath_type",
                            "fail_mode",
                            "protocols",
                            "controller",
                            "ports",
                            "external_ids",
                            "other_config",
                            "datapath_id"),
                    TableMonitor.columns(CONTROLLER, "target", "is_connected"),
                    TableMonitor.columns(
                            PORT,
                            "name",
                            "tag",
                            "trunks",
                            "interfaces",
                            "external_ids",
                            "other_config"),
                    TableMonitor.columns(
                            INTERFACE,
                            "name",
                            "type",
                            "options",
                            "ofport",
                            "external_ids",
                            "other_config",
                            "error",
                            "mac_in_use"));

    private final OvsdbClient client;
    private final Object changed = new Object();

    private VswitchDatabase(OvsdbClient client) {
        this.client = client;
        client.addListener(
                new OvsdbListener() {
                    @Override
                    public void rowsChanged(List<RowChange> changes) {
                        synchronized (changed) {
                            changed.notifyAll();
                        }
                    }
                });
    }

    /** Connects to the switch's database at {@code target} and waits for the replica. */
    public static VswitchDatabase connect(OvsdbTarget target) {
        return connect(OvsdbClient.builder(target));
    }

    /**
     * Connects with the settings and listeners of {@code builder}, adding the monitors this layer
     * needs.
     */
    public static VswitchDatabase connect(OvsdbClient.Builder builder) {
        return connect(builder, Duration.ofSeconds(30));
    }

    /** As {@link #connect(OvsdbClient.Builder)}, giving up after {@code limit}. */
    public static VswitchDatabase connect(OvsdbClient.Builder builder, Duration limit) {
        MONITORS.forEach(builder::monitor);
        return new VswitchDatabase(builder.connect(limit));
    }

    public OvsdbClient client() {
        return client;
    }

    public SwitchTransaction transaction() {
        return new SwitchTransaction(this);
    }

    public void ensureBridge(BridgeSettings settings) {
        transaction().ensureBridge(settings).commit();
    }

    public void removeBridge(String name) {
        SwitchTransaction transaction = transaction().removeBridge(name);
        if (!transaction.operations().isEmpty()) {
            transaction.commit();
        }
    }

    public void addPort(String bridge, PortSettings settings) {
        transaction().addPort(bridge, settings).commit();
    }

    public void ensurePort(String bridge, PortSettings settings) {
        transaction().ensurePort(bridge, settings).commit();
    }

    /**
     * Plugs the port {@code settings} describe on {@code bridge} for a device made anew under a
     * name the database may already hold (the old device went with its namespace, or a host's
     * reboot). ovs-vswitchd's userspace datapath keeps reading a device it opened until its port is
     * removed, so a port of that name is removed first, and added again once the switch has let go
     * of it.
     */
    public void replugPort(String bridge, PortSettings settings) {
        Optional<Bridge> holder = port(settings.name()).flatMap(this::bridgeOf);
        if (holder.isPresent()) {
            // Removed and added in one reconfiguration, the port would keep the old device.
            transaction()
                    .removePort(holder.get().name(), settings.name())
                    .commitAndWait(REPLUG_LIMIT);
        }
        addPort(bridge, settings);
    }

    public void removePort(String bridge, String name) {
        SwitchTransaction transaction = transaction().removePort(bridge, name);
        if (!transaction.operations().isEmpty()) {
            transaction.commit();
        }
    }

    public List<Bridge> bridges() {
        Replica replica = client.replica();
        return replica.rows(BRIDGE).stream()
                .map(row -> Bridge.from(row, replica))
                .sorted(Comparator.comparing(Bridge::name))
                .toList();
    }

    public Optional<Bridge> bridge(String name) {
        Replica replica = client.replica();
        return named(BRIDGE, name).map(row -> Bridge.from(row, replica));
    }

    /** The ports of bridge {@code name}, by name; empty if there is no such bridge. */
    public List<Port> ports(String bridge) {
        Replica replica = client.replica();
        return bridge(bridge).stream()
                .flatMap(found -> found.ports().stream())
                .flatMap(uuid -> replica.row(PORT, uuid).stream())
                .map(Port::from)
                .sorted(Comparator.comparing(Port::name))
                .toList();
    }

    public Optional<Port> port(String name) {
        return named(PORT, name).map(Port::from);
    }

    /** The interface called {@code name}. */
    public Optional<Interface> interfaceNamed(String name) {
        return named(INTERFACE, name).map(Interface::from);
    }

    public List<Interface> interfaces() {
        return client.replica().rows(INTERFACE).stream()
                .map(Interface::from)
                .sorted(Comparator.comparing(Interface::name))
                .toList();
    }

    /** The interfaces of the ports of {@code bridge}. */
    public List<Interface> interfaces(String bridge) {
        Replica replica = client.replica();
        return ports(bridge).stream()
                .flatMap(port -> port.interfaces().stream())
                .flatMap(uuid -> replica.row(INTERFACE, uuid).stream())
                .map(Interface::from)
                .sorted(Comparator.comparing(Interface::name))
                .toList();
    }

    /** The bridge that holds {@code port}. */
    public Optional<Bridge> bridgeOf(Port port) {
        return bridges().stream()
                .filter(bridge -> bridge.ports().contains(port.uuid()))
                .findFirst();
    }

    /**
     * Waits until ovs-vswitchd has given interface {@code name} its OpenFlow port number and
     * returns it; fails with the interface's {@code error} when it could not add it.
     */
    public int awaitOfport(String name, Duration limit) {
        return await(
                "ofport of interface " + name,
                limit,
                () -> {
                    Optional<Interface> iface = interfaceNamed(name);
                    if (iface.isPresent() && iface.get().ofport().orElse(0) == -1) {
                        throw new OvsdbException(
                                "interface "
                                        + name
                                        + " has no ofport: "
                                        + iface.get().error().orElse("no error given"));
                    }
                    return iface.filter(found -> found.ofport().orElse(0) > 0)
                            .map(found -> found.ofport().getAsInt());
                });
    }

    /**
     * Waits until ovs-vswitchd has acted on every change up to configuration {@code sequence}
     * ({@code cur_cfg} reaching it), as ovs-vsctl does without {@code --no-wait}.
     */
    public void awaitSwitchConfigured(long sequence, Duration limit) {
        await(
                "configuration " + sequence + " applied by ovs-vswitchd",
                limit,
                () -> root().filter(row -> row.integer("cur_cfg") >= sequence).map(row -> true));
    }

    /** The version ovs-vswitchd (or its start script) recorded; empty if none. */
    public Optional<String> ovsVersion() {
        return root().flatMap(row -> row.optionalString("ovs_version"));
    }

    /** The interface types this ovs-vswitchd supports ({@code gre}, {@code patch}, …). */
    public Set<String> interfaceTypes() {
        return root().map(row -> row.set("iface_types", String.class)).orElse(Set.of());
    }

    /** The datapath types this ovs-vswitchd supports ({@code netdev}, {@code system}). */
    public Set<String> datapathTypes() {
        return root().map(row -> row.set("datapath_types", String.class)).orElse(Set.of());
    }

    /** Waits until {@code check} finds something in the replica, at most {@code limit}. */
    public <T> T await(
            String what, Duration limit, java.util.function.Supplier<Optional<T>> check) {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (changed) {
            while (true) {
                Optional<T> found = check.get();
                if (found.isPresent()) {
                    return found.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new OvsdbTimeoutException(
                            "no " + what + " in " + client.target() + " within " + limit);
                }
                try {
                    changed.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new OvsdbException("interrupted waiting for " + what);
                }
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private Optional<Row> root() {
        return client.replica().rows(OPEN_VSWITCH).stream().findFirst();
    }

    private Optional<Row> named(String table, String name) {
        return client.replica().find(table, "name", name).stream().findFirst();
    }
}
