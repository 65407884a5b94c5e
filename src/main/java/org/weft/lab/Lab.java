package org.weft.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.agent.vif.Guest;
import org.weft.agent.vif.PortLookup;
import org.weft.agent.vif.VifPlugger;
import org.weft.agent.vif.VifPort;
import org.weft.dataplane.linux.ChildProcess;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.ovs.PrivateSwitch;
import org.weft.lab.internal.ControllerKeystone;
import org.weft.lab.internal.DhcpClient;
import org.weft.lab.internal.HostFiles;
import org.weft.lab.internal.HostSetup;
import org.weft.lab.internal.LabBuilder;
import org.weft.lab.internal.LabState;
import org.weft.lab.internal.Records;
import org.weft.lab.internal.StateFile;
import org.weft.lab.internal.Teardown;
import org.weft.lab.internal.WeftLauncher;

/**
 * A lab: the install guide's deployment built from namespaces on this machine. {@link #up} builds
 * one, {@link #open} finds one built earlier (by another process too) from its run directory, and
 * {@link #down()} removes everything it made. In between, {@link #start} runs Weft's processes of
 * each host's role, {@link #exec} runs commands on a host or in a VM, and {@link #createVm} plugs a
 * VM into a compute node.
 *
 * <pre>{@code
 * try (Lab lab = Lab.up(LabSpec.of("wl1", Path.of("/tmp/wl1")).withComputeNodes(1))) {
 *     lab.start();
 *     lab.exec("compute1", "ping", "-c1", "10.10.10.51");
 *     Vm vm = lab.createVm(VmSpec.of("vm1", "compute1", portId).withDhcp());
 * }
 * }</pre>
 */
public final class Lab implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Lab.class);
    private static final Duration START_LIMIT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final String VM_DEVICE = "eth0";

    private final LabSpec spec;
    private final StateFile stateFile;

    /** Keystone's admin token for the lab's own API calls, once one was needed. */
    private String adminToken;

    private Lab(LabSpec spec) {
        this.spec = spec;
        this.stateFile = StateFile.in(spec.runDirectory());
    }

    /** Builds the lab {@code spec} describes; on failure, removes what was made and throws. */
    public static Lab up(LabSpec spec) {
        new LabBuilder(spec, WeftLauncher.guideDirectory()).build();
        return new Lab(spec);
    }

    /** The lab recorded in {@code runDirectory}. */
    public static Lab open(Path runDirectory) {
        StateFile file = StateFile.in(runDirectory);
        if (!file.exists()) {
            throw new IllegalStateException(
                    "no lab in " + runDirectory + " (no " + file.path() + ")");
        }
        LabState state = file.read();
        return new Lab(
                new LabSpec(
                        state.name,
                        Math.max(1, state.computeNodes),
                        state.database,
                        Path.of(state.runDirectory),
                        state.keystone));
    }

    /**
     * Removes the lab {@code spec} names, whatever state it is in: what its state file records, and
     * any namespace of its name, process in its namespaces or mount under its run directory.
     */
    public static void down(LabSpec spec) {
        Teardown.down(spec);
    }

    /** Whether anything of the lab {@code spec} names is on this machine, to be removed. */
    public static boolean exists(LabSpec spec) {
        return Teardown.anythingOf(spec);
    }

    /** Removes everything this lab made. */
    public void down() {
        Teardown.down(spec);
    }

    @Override
    public void close() {
        down();
    }

    public LabSpec spec() {
        return spec;
    }

    public List<LabHost> hosts() {
        return spec.hosts();
    }

    public LabHost host(String name) {
        return hosts().stream()
                .filter(host -> host.name().equals(name))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "no host " + name + " in lab " + spec.name()));
    }

    /** The API's address, reachable from every host of the lab. */
    public String apiEndpoint() {
        return "http://"
                + host("controller").address(LabNetwork.MANAGEMENT).orElseThrow()
                + ":"
                + Roles.API_PORT;
    }

    /** A handle on {@code host}'s Open vSwitch for {@code vsctl} and {@code ofctl}. */
    public PrivateSwitch switchOf(String hostName) {
        LabHost host = host(hostName);
        if (!host.role().hasSwitch()) {
            throw new IllegalArgumentException("host " + hostName + " has no switch");
        }
        return HostSetup.switchOf(host);
    }

    /**
     * Restarts {@code hostName}'s ovs-vswitchd, as an upgrade or a crash would: its flows are gone,
     * its database and Weft's agents stay.
     */
    public void restartSwitchDaemon(String hostName) {
        LabHost host = host(hostName);
        List<LabState.ProcessEntry> daemons =
                stateFile.read().processes.stream()
                        .filter(p -> p.kind() == LabState.ProcessKind.SWITCH)
                        .filter(p -> p.host().equals(hostName) && p.name().equals("ovs-vswitchd"))
                        .toList();
        for (LabState.ProcessEntry entry : daemons) {
            ChildProcess.adopt(entry.name(), entry.pid(), Instant.parse(entry.startedAt()))
                    .ifPresent(process -> process.stop(STOP_GRACE));
        }
        stateFile.update(state -> state.processes.removeAll(daemons));

        PrivateSwitch ovs = switchOf(hostName);
        ovs.startSwitchDaemonAgain();
        Path logFile = host.switchDirectory().resolve("ovs-vswitchd.log");
        stateFile.update(
                state ->
                        Records.ofPid(
                                        ovs.pids().get(0),
                                        "ovs-vswitchd",
                                        hostName,
                                        LabState.ProcessKind.SWITCH,
                                        logFile)
                                .ifPresent(state.processes::add));
        log.info("restarted ovs-vswitchd host={}", hostName);
    }

    // Weft's processes

    /** Starts Weft's processes of the named hosts' roles (every host when none is named). */
    public void start(List<String> hostNames) {
        for (LabHost host : selected(hostNames)) {
            for (WeftProcess process : Roles.of(host.role())) {
                if (running(host, process).isEmpty()) {
                    startProcess(host, process);
                }
            }
        }
    }

    public void start(String... hostNames) {
        start(List.of(hostNames));
    }

    /** Stops Weft's processes on the named hosts (every host when none is named). */
    public void stop(List<String> hostNames) {
        List<String> names = selected(hostNames).stream().map(LabHost::name).toList();
        List<LabState.ProcessEntry> stopping =
                stateFile.read().processes.stream()
                        .filter(p -> p.kind() == LabState.ProcessKind.WEFT)
                        .filter(p -> names.contains(p.host()))
                        .toList();
        for (LabState.ProcessEntry entry : stopping.reversed()) {
            ChildProcess.adopt(entry.name(), entry.pid(), Instant.parse(entry.startedAt()))
                    .ifPresent(process -> process.stop(STOP_GRACE));
        }
        stateFile.update(state -> state.processes.removeAll(stopping));
    }

    public void stop(String... hostNames) {
        stop(List.of(hostNames));
    }

    /**
     * Rewrites the overlay of the process {@code processName} on {@code hostName} with {@code
     * extra} over the lab's settings, for its next start: a shorter {@code agent_down_time} for a
     * test of failover, say. The process may be one of another role than the host's (a DHCP agent
     * on a compute node, as Neutron allows), which {@link #startProcess} then starts.
     */
    public void configure(
            String hostName, String processName, Map<String, Map<String, String>> extra) {
        LabHost host = host(hostName);
        HostFiles.writeOverlay(host, process(host, processName), spec, extra);
    }

    /** Starts the process {@code processName} on {@code hostName} unless it runs already. */
    public void startProcess(String hostName, String processName) {
        LabHost host = host(hostName);
        WeftProcess process = process(host, processName);
        if (running(host, process).isEmpty()) {
            startProcess(host, process);
        }
    }

    /** Stops the process {@code processName} on {@code hostName}, the others of the host left. */
    public void stopProcess(String hostName, String processName) {
        List<LabState.ProcessEntry> stopping =
                stateFile.read().processes.stream()
                        .filter(p -> p.kind() == LabState.ProcessKind.WEFT)
                        .filter(p -> p.host().equals(hostName) && p.name().equals(processName))
                        .toList();
        for (LabState.ProcessEntry entry : stopping) {
            ChildProcess.adopt(entry.name(), entry.pid(), Instant.parse(entry.startedAt()))
                    .ifPresent(process -> process.stop(STOP_GRACE));
        }
        stateFile.update(state -> state.processes.removeAll(stopping));
    }

    /** The process of that name for the host's role, else the first of that name in the table. */
    private static WeftProcess process(LabHost host, String processName) {
        List<WeftProcess> named =
                Roles.all().stream().filter(p -> p.name().equals(processName)).toList();
        return named.stream()
                .filter(p -> p.role() == host.role())
                .findFirst()
                .or(() -> named.stream().findFirst())
                .orElseThrow(() -> new IllegalArgumentException("no Weft process " + processName));
    }

    private void startProcess(LabHost host, WeftProcess process) {
        List<String> arguments = new ArrayList<>(process.subcommand());
        arguments.addAll(HostFiles.configArguments(host, process));
        ChildProcess child = startWeft(host, process.name(), arguments);
        process.listens().ifPresent(listener -> awaitListening(host, process, child, listener));
        log.info(
                "started process={} host={} log={}",
                process.name(),
                host.name(),
                host.logDirectory());
    }

    private ChildProcess startWeft(LabHost host, String name, List<String> arguments) {
        // setsid: the process outlives this command and is not in its terminal's way.
        List<String> argv = new ArrayList<>(List.of("setsid"));
        argv.addAll(WeftLauncher.command(arguments));
        Path console = host.logDirectory().resolve(name + ".console.log");
        ChildProcess child =
                ChildProcess.start(name, host.placement().wrap(argv), console, environment(host));
        stateFile.update(
                state ->
                        state.processes.add(
                                Records.of(
                                        child, host.name(), LabState.ProcessKind.WEFT, console)));
        log.debug("started process={} host={} pid={}", name, host.name(), child.pid());
        return child;
    }

    private void awaitListening(
            LabHost host, WeftProcess process, ChildProcess child, WeftProcess.Listener listener) {
        String address = host.address(listener.network()).orElseThrow();
        Command probe =
                Command.of("bash", "-c", "exec 3<>/dev/tcp/" + address + "/" + listener.port())
                        .in(host.placement())
                        .withTimeout(Duration.ofSeconds(5));
        Instant deadline = Instant.now().plus(START_LIMIT);
        while (!probe.execute().succeeded()) {
            if (!child.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        process.name()
                                + " on "
                                + host.name()
                                + (child.isAlive()
                                        ? " not listening on "
                                                + address
                                                + ":"
                                                + listener.port()
                                                + " within "
                                                + START_LIMIT
                                        : " exited at start")
                                + "; see "
                                + host.logDirectory());
            }
            pause(Duration.ofMillis(100));
        }
    }

    private Optional<LabState.ProcessEntry> running(LabHost host, WeftProcess process) {
        return stateFile.read().processes.stream()
                .filter(p -> p.host().equals(host.name()) && p.name().equals(process.name()))
                .filter(Records::isAlive)
                .findFirst();
    }

    private List<LabHost> selected(List<String> hostNames) {
        if (hostNames.isEmpty()) {
            return hosts();
        }
        return hostNames.stream().map(this::host).toList();
    }

    // Commands on hosts and VMs

    /** Where commands run to run on the host or in the VM {@code name}. */
    public Placement placement(String name) {
        Optional<LabState.VmEntry> vm = stateFile.read().vm(name);
        if (vm.isPresent()) {
            return host(vm.get().host()).placement().namespace(vm.get().namespace());
        }
        return host(name).placement();
    }

    /**
     * The command line that runs {@code argv} on the host or in the VM {@code name}, with the
     * host's environment: {@code OVS_RUNDIR} for the host's switch, and the {@code openstack}
     * client's settings.
     */
    public List<String> execCommand(String name, List<String> argv) {
        String hostName = stateFile.read().vm(name).map(LabState.VmEntry::host).orElse(name);
        List<String> withEnvironment = new ArrayList<>(List.of("env"));
        environment(host(hostName)).forEach((key, value) -> withEnvironment.add(key + "=" + value));
        withEnvironment.addAll(argv);
        return placement(name).wrap(withEnvironment);
    }

    /** Runs {@code argv} on the host or in the VM {@code name} and returns what it did. */
    public Command.Result exec(String name, List<String> argv) {
        return Command.of(execCommand(name, argv)).execute();
    }

    public Command.Result exec(String name, String... argv) {
        return exec(name, List.of(argv));
    }

    /** The environment of commands on {@code host}. */
    public Map<String, String> environment(LabHost host) {
        Map<String, String> environment = new LinkedHashMap<>();
        if (host.role().hasSwitch()) {
            environment.put("OVS_RUNDIR", host.switchDirectory().toString());
        }
        environment.putAll(clientEnvironment());
        return environment;
    }

    /**
     * What the {@code openstack} client needs to use the lab's API: Keystone's admin credentials
     * when the lab runs Keystone, else the API's endpoint without authentication.
     */
    public Map<String, String> clientEnvironment() {
        if (spec.keystone()) {
            return ControllerKeystone.credentials(
                    controllerAddress(), "admin", ControllerKeystone.ADMIN_PASSWORD, "admin");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("OS_AUTH_TYPE", "none");
        environment.put("OS_ENDPOINT", apiEndpoint());
        return environment;
    }

    /**
     * The tenant user's credentials ({@code demo} in project {@code demo}), for commands that run
     * as the tenant; they override {@link #clientEnvironment()}'s on the controller.
     *
     * @throws IllegalStateException when the lab runs no Keystone, so has no users
     */
    public Map<String, String> tenantEnvironment() {
        if (!spec.keystone()) {
            throw new IllegalStateException("lab " + spec.name() + " runs no Keystone: no users");
        }
        return ControllerKeystone.credentials(
                controllerAddress(),
                ControllerKeystone.TENANT_USER,
                ControllerKeystone.TENANT_PASSWORD,
                ControllerKeystone.TENANT_PROJECT);
    }

    private String controllerAddress() {
        return host("controller").address(LabNetwork.MANAGEMENT).orElseThrow();
    }

    // VMs

    /**
     * Creates a VM: a namespace inside its compute host, plugged into the host's {@code br-int} as
     * os-vif would plug it, with a DHCP client if asked for.
     */
    public Vm createVm(VmSpec request) {
        LabHost host = host(request.host());
        if (!host.role().hasSwitch()) {
            throw new IllegalArgumentException("host " + host.name() + " has no br-int for VMs");
        }
        LabState current = stateFile.read();
        if (current.vm(request.name()).isPresent()) {
            throw new IllegalArgumentException("a VM named " + request.name() + " exists already");
        }
        current.vms.stream()
                .filter(other -> other.portId().equals(request.portId()))
                .findFirst()
                .ifPresent(
                        other -> {
                            throw new IllegalArgumentException(
                                    "port "
                                            + request.portId()
                                            + " is plugged into VM "
                                            + other.name());
                        });
        VifPort port = portOf(request, host);
        Vm vm =
                new Vm(
                        request.name(),
                        host,
                        "vm-" + request.name(),
                        port,
                        VM_DEVICE,
                        host.directory().resolve("vms").resolve(request.name()));
        stateFile.update(state -> state.vms.add(entryOf(vm, request.dhcp())));
        IpRoute2.in(host.placement()).ensureNamespace(vm.namespace());
        try (VifPlugger plugger = plugger(host)) {
            plugger.plug(port, Guest.namespace(vm.namespace(), VM_DEVICE));
        }
        if (request.dhcp()) {
            startDhcpClient(vm);
        }
        log.info(
                "created vm={} host={} port={} mac={}",
                vm.name(),
                host.name(),
                port.portId(),
                port.mac());
        return vm;
    }

    /** Removes the VM {@code name}: its DHCP client, its plugged port and its namespace. */
    public void deleteVm(String name) {
        LabState.VmEntry entry =
                stateFile
                        .read()
                        .vm(name)
                        .orElseThrow(() -> new IllegalArgumentException("no VM named " + name));
        LabHost host = host(entry.host());
        stopDhcpClient(name);
        try (VifPlugger plugger = plugger(host)) {
            plugger.unplug(entry.portId());
        }
        IpRoute2.in(host.placement()).deleteNamespace(entry.namespace());
        deleteDirectory(host.directory().resolve("vms").resolve(name));
        stateFile.update(state -> state.vms.removeIf(vm -> vm.name().equals(name)));
        log.info("deleted vm={} host={}", name, host.name());
    }

    /** The VM {@code name}. */
    public Vm vm(String name) {
        LabState.VmEntry entry =
                stateFile
                        .read()
                        .vm(name)
                        .orElseThrow(() -> new IllegalArgumentException("no VM named " + name));
        LabHost host = host(entry.host());
        return new Vm(
                entry.name(),
                host,
                entry.namespace(),
                new VifPort(
                        entry.portId(),
                        entry.mac(),
                        entry.mtu(),
                        entry.vmUuid(),
                        entry.hybridPlug()),
                VM_DEVICE,
                host.directory().resolve("vms").resolve(entry.name()));
    }

    /** Waits until the VM {@code name} holds a DHCP lease, and returns it. */
    public Map<String, String> awaitLease(String name, Duration limit) {
        Vm vm = vm(name);
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            Optional<Map<String, String>> lease = vm.lease();
            if (lease.isPresent()) {
                return lease.get();
            }
            pause(Duration.ofMillis(100));
        }
        throw new IllegalStateException(
                "vm " + name + " got no DHCP lease within " + limit + "; see " + vm.directory());
    }

    /**
     * Makes the DHCP client of the VM {@code name} renew its lease now, as it would at half the
     * lease time: a changed address or option reaches the VM without waiting for that.
     */
    public void renewLease(String name) {
        DhcpClient.renew(vm(name).directory());
    }

    private VifPort portOf(VmSpec request, LabHost host) {
        String vmUuid = UUID.randomUUID().toString();
        VifPort port =
                request.mac().isPresent()
                        ? new VifPort(
                                request.portId(),
                                request.mac().get(),
                                request.mtu().orElse(1500),
                                vmUuid,
                                request.hybridPlug().orElse(false))
                        : new PortLookup(path -> apiGet(host, path))
                                .lookUp(request.portId(), vmUuid);
        return new VifPort(
                port.portId(),
                port.mac(),
                request.mtu().orElse(port.mtu()),
                port.vmUuid(),
                request.hybridPlug().orElse(port.hybridPlug()));
    }

    /**
     * A GET on the API from {@code host}, over the management network as Nova's would go; with the
     * admin's token when the lab runs Keystone.
     */
    private String apiGet(LabHost host, String path) {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "curl",
                                "-sS",
                                "-f",
                                "--max-time",
                                "10",
                                "-H",
                                "Accept: application/json"));
        if (spec.keystone()) {
            argv.addAll(List.of("-H", "X-Auth-Token: " + adminToken()));
        }
        argv.add(apiEndpoint() + path);
        return Command.of(argv).in(host.placement()).run();
    }

    /** A token of Keystone's admin, issued by the {@code openstack} client on the controller. */
    private synchronized String adminToken() {
        if (adminToken == null) {
            adminToken =
                    Command.of(
                                    execCommand(
                                            "controller",
                                            List.of(
                                                    "openstack",
                                                    "token",
                                                    "issue",
                                                    "-f",
                                                    "value",
                                                    "-c",
                                                    "id")))
                            .run()
                            .strip();
        }
        return adminToken;
    }

    /**
     * Starts {@code argv} on the host or in the VM {@code name} as a process of the lab, ended by
     * {@code down}: a listener a check connects to, say. Its output goes to {@code log}.
     */
    public ChildProcess startWorkload(String name, String processName, List<String> argv) {
        String hostName = stateFile.read().vm(name).map(LabState.VmEntry::host).orElse(name);
        Path log = host(hostName).logDirectory().resolve(processName + ".log");
        ChildProcess child =
                ChildProcess.start(processName, execCommand(name, argv), log, Map.of());
        stateFile.update(
                state ->
                        state.processes.add(
                                Records.of(child, hostName, LabState.ProcessKind.WORKLOAD, log)));
        return child;
    }

    /**
     * Starts the DHCP client of the VM {@code name}, for a VM created without one: the demo shows
     * the interface without an address first.
     */
    public void startDhcpClient(String name) {
        startDhcpClient(vm(name));
    }

    private void startDhcpClient(Vm vm) {
        ChildProcess client =
                DhcpClient.start(vm.name(), vm.placement(), vm.device(), vm.directory());
        stateFile.update(
                state ->
                        state.processes.add(
                                Records.of(
                                        client,
                                        vm.host().name(),
                                        LabState.ProcessKind.DHCP_CLIENT,
                                        vm.directory().resolve("udhcpc.log"))));
    }

    private void stopDhcpClient(String vmName) {
        String name = "udhcpc " + vmName;
        List<LabState.ProcessEntry> clients =
                stateFile.read().processes.stream().filter(p -> p.name().equals(name)).toList();
        for (LabState.ProcessEntry entry : clients) {
            ChildProcess.adopt(entry.name(), entry.pid(), Instant.parse(entry.startedAt()))
                    .ifPresent(process -> process.stop(STOP_GRACE));
        }
        stateFile.update(state -> state.processes.removeAll(clients));
    }

    private static VifPlugger plugger(LabHost host) {
        return VifPlugger.connect(
                host.placement(), host.ovsdbTarget(), HostSetup.INTEGRATION_BRIDGE);
    }

    private static LabState.VmEntry entryOf(Vm vm, boolean dhcp) {
        VifPort port = vm.port();
        return new LabState.VmEntry(
                vm.name(),
                vm.host().name(),
                vm.namespace(),
                port.portId(),
                port.mac(),
                port.mtu(),
                port.vmUuid(),
                port.hybridPlug(),
                dhcp);
    }

    // Status

    /** The lab's hosts, processes and VMs as they are now. */
    public LabStatus status() {
        LabState state = stateFile.read();
        List<LabStatus.HostStatus> hostStatus = new ArrayList<>();
        for (LabHost host : hosts()) {
            Map<LabNetwork, String> addresses = new EnumMap<>(LabNetwork.class);
            for (LabNetwork network : LabNetwork.values()) {
                host.address(network).ifPresent(address -> addresses.put(network, address));
            }
            hostStatus.add(
                    new LabStatus.HostStatus(
                            host.name(),
                            host.role(),
                            addresses,
                            host.networkNamespace(),
                            Files.exists(Path.of("/run/netns", host.networkNamespace())),
                            host.directory()));
        }
        List<LabStatus.ProcessStatus> processes =
                state.processes.stream()
                        .map(
                                p ->
                                        new LabStatus.ProcessStatus(
                                                p.host(),
                                                p.name(),
                                                p.kind().name().toLowerCase(java.util.Locale.ROOT),
                                                p.pid(),
                                                Records.isAlive(p),
                                                p.log()))
                        .toList();
        List<LabStatus.VmStatus> vms =
                state.vms.stream()
                        .map(
                                v ->
                                        new LabStatus.VmStatus(
                                                v.name(),
                                                v.host(),
                                                v.portId(),
                                                v.mac(),
                                                v.dhcp(),
                                                vm(v.name())
                                                        .lease()
                                                        .map(l -> l.get("ip"))
                                                        .orElse("")))
                        .toList();
        return new LabStatus(
                spec.name(),
                spec.runDirectory(),
                state.phase.name(),
                hostStatus,
                processes,
                vms,
                clientEnvironment());
    }

    private static void deleteDirectory(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory + ": " + e, e);
        }
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
