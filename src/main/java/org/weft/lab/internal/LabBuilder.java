package org.weft.lab.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.ovs.PrivateSwitch;
import org.weft.lab.HostRole;
import org.weft.lab.LabHost;
import org.weft.lab.LabSpec;

/**
 * Builds a lab: namespaces, wires, addresses, switches, the controller's services and every host's
 * files, the hosts in parallel. Each thing is recorded in the state file before it is made; if
 * building fails, everything made so far is torn down before the failure is reported.
 */
public final class LabBuilder {
    private static final Logger log = LoggerFactory.getLogger(LabBuilder.class);

    private final LabSpec spec;
    private final StateFile stateFile;
    private final Path guideDirectory;
    private final ControllerServices controllerServices;

    public LabBuilder(LabSpec spec, Path guideDirectory) {
        this.spec = spec;
        this.stateFile = StateFile.in(spec.runDirectory());
        this.guideDirectory = guideDirectory;
        this.controllerServices = new ControllerServices(spec, stateFile);
    }

    /**
     * How long building took: the named network namespaces and the fabric, then every host built
     * and its services started, the hosts in parallel; {@code slowestHost} and {@code
     * slowestServices} are the longest a single host took for its namespaces, wires, addresses and
     * files, and for its services (its switch and bridges; the broker and database on the
     * controller).
     */
    public record BuildTimes(
            Duration namespaces,
            Duration hosts,
            Duration slowestHost,
            Duration slowestServices,
            Duration total) {}

    /** Builds the lab; returns once every host is up and every service answers. */
    public BuildTimes build() {
        refuseExisting();
        Instant begin = Instant.now();
        stateFile.update(this::initialize);
        BuildTimes times;
        try {
            times = buildAll(begin);
        } catch (RuntimeException e) {
            log.error("building lab={} failed, removing what was made", spec.name(), e);
            try {
                Teardown.down(spec);
            } catch (RuntimeException teardown) {
                e.addSuppressed(teardown);
            }
            throw e;
        }
        stateFile.update(state -> state.phase = LabState.Phase.UP);
        log.info(
                "lab up lab={} hosts={} dir={} in {} ms",
                spec.name(),
                spec.hosts().size(),
                spec.runDirectory(),
                times.total().toMillis());
        return times;
    }

    private BuildTimes buildAll(Instant begin) {
        Path namespaceDirectory = spec.namespaceDirectory();
        stateFile.update(state -> state.recordMount(namespaceDirectory.toString()));
        HostNamespaces.makePrivateDirectory(namespaceDirectory);

        Fabric fabric = new Fabric(spec.fabricNamespace());
        createNetworkNamespace(fabric.namespace());
        fabric.createBridges();

        // Named namespaces one after the other: ip netns add sets up /run/netns on first use.
        for (LabHost host : spec.hosts()) {
            createNetworkNamespace(host.networkNamespace());
        }
        Instant namespaces = Instant.now();

        // Each host starts its services as soon as it is wired, the controller first: its broker
        // is the slowest thing of all to start.
        List<Duration> hostTimes = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Duration> serviceTimes = java.util.Collections.synchronizedList(new ArrayList<>());
        inParallel(
                spec.hosts().stream()
                        .sorted(
                                java.util.Comparator.comparing(
                                        h -> h.role() != HostRole.CONTROLLER))
                        .toList(),
                host -> {
                    Instant start = Instant.now();
                    buildHost(host, fabric);
                    Instant built = Instant.now();
                    startServices(host);
                    hostTimes.add(Duration.between(start, built));
                    serviceTimes.add(Duration.between(built, Instant.now()));
                });
        Instant done = Instant.now();
        return new BuildTimes(
                Duration.between(begin, namespaces),
                Duration.between(namespaces, done),
                hostTimes.stream().max(Duration::compareTo).orElse(Duration.ZERO),
                serviceTimes.stream().max(Duration::compareTo).orElse(Duration.ZERO),
                Duration.between(begin, done));
    }

    private void buildHost(LabHost host, Fabric fabric) {
        stateFile.update(state -> state.recordMount(host.mountNamespace().toString()));
        HostNamespaces.createMountNamespace(host);
        fabric.wire(host);
        HostSetup.configureInterfaces(host);
        HostFiles.write(host, spec, guideDirectory);
    }

    private void startServices(LabHost host) {
        if (host.role().hasSwitch()) {
            startSwitch(host);
        }
        if (host.role() == HostRole.CONTROLLER) {
            controllerServices.start(host);
        }
    }

    private void startSwitch(LabHost host) {
        PrivateSwitch ovs = HostSetup.startSwitch(host);
        List<Long> pids = ovs.pids();
        List<String> names = List.of("ovsdb-server", "ovs-vswitchd");
        stateFile.update(
                state -> {
                    for (int i = 0; i < pids.size(); i++) {
                        Path logFile = host.switchDirectory().resolve(names.get(i) + ".log");
                        Records.ofPid(
                                        pids.get(i),
                                        names.get(i),
                                        host.name(),
                                        LabState.ProcessKind.SWITCH,
                                        logFile)
                                .ifPresent(state.processes::add);
                    }
                });
        HostSetup.createBridges(host, ovs);
    }

    private void createNetworkNamespace(String name) {
        stateFile.update(state -> state.recordNamespace(name));
        HostNamespaces.createNetworkNamespace(name);
    }

    private void initialize(LabState state) {
        state.name = spec.name();
        state.computeNodes = spec.computeNodes();
        state.database = spec.database();
        state.keystone = spec.keystone();
        state.runDirectory = spec.runDirectory().toString();
        state.createdAt = Instant.now().toString();
        state.phase = LabState.Phase.BUILDING;
    }

    private void refuseExisting() {
        if (stateFile.exists()) {
            throw new IllegalStateException(
                    "a lab is already recorded in "
                            + stateFile.path()
                            + "; remove it first with weft lab down --run-dir "
                            + spec.runDirectory());
        }
        List<String> taken = new ArrayList<>();
        for (LabHost host : spec.hosts()) {
            if (Files.exists(Path.of("/run/netns", host.networkNamespace()))) {
                taken.add(host.networkNamespace());
            }
        }
        if (Files.exists(Path.of("/run/netns", spec.fabricNamespace()))) {
            taken.add(spec.fabricNamespace());
        }
        if (!taken.isEmpty()) {
            throw new IllegalStateException(
                    "namespaces of a lab named "
                            + spec.name()
                            + " already exist ("
                            + String.join(", ", taken)
                            + "); choose another --name, or remove that lab with weft lab down"
                            + " --name "
                            + spec.name());
        }
    }

    /** One step for each host. */
    @FunctionalInterface
    interface HostStep {
        void run(LabHost host);
    }

    private void inParallel(List<LabHost> hosts, HostStep step) {
        int threads =
                Math.max(2, Math.min(hosts.size(), 2 * Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (LabHost host : hosts) {
                futures.add(pool.submit(() -> step.run(host)));
            }
            RuntimeException failure = null;
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    RuntimeException cause =
                            e.getCause() instanceof RuntimeException runtime
                                    ? runtime
                                    : new IllegalStateException(e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while building the lab", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
