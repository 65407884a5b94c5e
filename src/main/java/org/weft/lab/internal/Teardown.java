package org.weft.lab.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.linux.ChildProcess;
import org.weft.dataplane.linux.Command;
import org.weft.lab.LabHost;
import org.weft.lab.LabSpec;

/**
 * Removes all a lab made, in the order that lets each step succeed: processes (those recorded, then
 * any other found in the lab's namespaces or naming its run directory), the taps a killed switch
 * leaves, the mounts, the network namespaces, then the run directory. Every step tolerates what is
 * already gone, so that a lab half built, or torn down halfway before, is removed the same way.
 */
public final class Teardown {
    private static final Logger log = LoggerFactory.getLogger(Teardown.class);
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final int SWEEPS = 5;

    private final LabSpec spec;
    private final StateFile stateFile;
    private final List<String> problems = new ArrayList<>();

    private Teardown(LabSpec spec) {
        this.spec = spec;
        this.stateFile = StateFile.in(spec.runDirectory());
    }

    /**
     * Removes the lab {@code spec} describes; what its state file records, if there is one, wins
     * over {@code spec}'s compute node count.
     */
    public static void down(LabSpec spec) {
        new Teardown(spec).run();
    }

    /**
     * Whether anything of the lab {@code spec} names is on the machine: its files or namespaces.
     */
    public static boolean anythingOf(LabSpec spec) {
        return Files.exists(spec.runDirectory())
                || !networkNamespaces(spec, new LabState()).isEmpty();
    }

    private void run() {
        Instant begin = Instant.now();
        LabState state =
                stateFile.exists()
                        ? stateFile.update(s -> s.phase = LabState.Phase.TEARING_DOWN)
                        : new LabState();
        LabSpec lab =
                state.name == null ? spec : spec.withComputeNodes(Math.max(1, state.computeNodes));
        List<String> namespaces = networkNamespaces(lab, state);

        stopRecordedProcesses(state);
        stopEveryProcessInside(namespaces, lab.hosts());
        stopEveryProcessNaming(lab.runDirectory());
        clearSwitchLeftovers(lab.hosts());
        unmountEverythingUnder(lab.runDirectory(), state);
        deleteNetworkNamespaces(namespaces);
        deleteRunDirectory(lab.runDirectory());

        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "lab " + lab.name() + " not fully removed: " + String.join("; ", problems));
        }
        log.info(
                "lab removed lab={} dir={} in {} ms",
                lab.name(),
                lab.runDirectory(),
                Duration.between(begin, Instant.now()).toMillis());
    }

    /** Those recorded, and any other of the lab's names the machine has (a lost record). */
    private static List<String> networkNamespaces(LabSpec lab, LabState state) {
        Set<String> names = new LinkedHashSet<>(state.networkNamespaces);
        Pattern ours =
                Pattern.compile(
                        Pattern.quote(lab.name())
                                + "-(controller|network|compute[0-9]+|upstream|fabric)");
        for (String name : existingNetworkNamespaces()) {
            if (ours.matcher(name).matches()) {
                names.add(name);
            }
        }
        return new ArrayList<>(names);
    }

    /** The named network namespaces of the machine. */
    public static List<String> existingNetworkNamespaces() {
        try (var files = Files.list(Path.of("/run/netns"))) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private void stopRecordedProcesses(LabState state) {
        // Weft's processes and the VMs' clients first, so that they end while what they talk to
        // is still there; then everything else at once: a lab's broker, database and switches
        // hold nothing worth a slow shutdown.
        for (List<LabState.ProcessKind> kinds :
                List.of(
                        List.of(
                                LabState.ProcessKind.WEFT,
                                LabState.ProcessKind.DHCP_CLIENT,
                                LabState.ProcessKind.WORKLOAD),
                        List.of(
                                LabState.ProcessKind.BROKER,
                                LabState.ProcessKind.DATABASE,
                                LabState.ProcessKind.IDENTITY,
                                LabState.ProcessKind.SWITCH))) {
            List<Long> pids = new ArrayList<>();
            for (LabState.ProcessEntry entry : state.processes) {
                if (kinds.contains(entry.kind())) {
                    ChildProcess.adopt(entry.name(), entry.pid(), Instant.parse(entry.startedAt()))
                            .ifPresent(process -> pids.add(process.pid()));
                }
            }
            ProcessSweep.stop(pids, GRACE);
        }
    }

    private void stopEveryProcessInside(List<String> namespaces, List<LabHost> hosts) {
        Set<String> ids = ProcessSweep.namespaces(namespaces, hosts);
        // A process may start another as it goes (RabbitMQ's Erlang VM starts epmd again when
        // epmd is gone first): the lab is swept until a sweep finds nothing.
        for (int sweep = 1; sweep <= SWEEPS; sweep++) {
            List<Long> pids = ProcessSweep.processesIn(ids);
            if (pids.isEmpty()) {
                return;
            }
            log.info(
                    "stopping processes left in the lab lab={} sweep={} pids={}",
                    spec.name(),
                    sweep,
                    pids);
            ProcessSweep.stop(pids, GRACE);
        }
        List<Long> left = ProcessSweep.processesIn(ids);
        if (!left.isEmpty()) {
            problems.add(
                    "processes still in the lab's namespaces after " + SWEEPS + " sweeps: " + left);
        }
    }

    private void stopEveryProcessNaming(Path runDirectory) {
        List<Long> pids = ProcessSweep.processesNaming(runDirectory);
        if (!pids.isEmpty()) {
            log.info(
                    "stopping processes that name the lab's directory lab={} pids={}",
                    spec.name(),
                    pids);
            ProcessSweep.stop(pids, GRACE);
        }
    }

    private void clearSwitchLeftovers(List<LabHost> hosts) {
        for (LabHost host : hosts) {
            if (host.role().hasSwitch()
                    && Files.exists(host.switchDirectory())
                    && HostNamespaces.isMountPoint(host.mountNamespace())
                    && Files.exists(Path.of("/run/netns", host.networkNamespace()))) {
                try {
                    HostSetup.switchOf(host).stop();
                } catch (RuntimeException e) {
                    log.warn(
                            "cannot clear the switch leftovers of host={}: {}",
                            host.name(),
                            e.toString());
                }
            }
        }
    }

    private void unmountEverythingUnder(Path runDirectory, LabState state) {
        Set<String> mountPoints = new LinkedHashSet<>(state.mounts);
        mountPoints.addAll(mountPointsUnder(runDirectory));
        List<String> deepestFirst = new ArrayList<>(mountPoints);
        deepestFirst.sort(Comparator.comparing(String::length).reversed());
        for (String mountPoint : deepestFirst) {
            // A mount namespace file may be mounted more than once; unmount until it is not.
            for (int attempt = 0;
                    attempt < 5 && HostNamespaces.isMountPoint(Path.of(mountPoint));
                    attempt++) {
                Command.Result result = Command.of("umount", mountPoint).execute();
                if (!result.succeeded()) {
                    Command.of("umount", "-l", mountPoint).execute();
                }
            }
            if (HostNamespaces.isMountPoint(Path.of(mountPoint))) {
                problems.add("cannot unmount " + mountPoint);
            }
        }
    }

    /** The machine's mount points at or under {@code directory}. */
    public static List<String> mountPointsUnder(Path directory) {
        String prefix = directory.toString();
        List<String> found = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] fields = line.split(" ");
                String mountPoint = fields.length > 1 ? unescape(fields[1]) : "";
                if (mountPoint.equals(prefix) || mountPoint.startsWith(prefix + "/")) {
                    found.add(mountPoint);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/mounts: " + e, e);
        }
        return found;
    }

    private void deleteNetworkNamespaces(List<String> namespaces) {
        for (String name : namespaces) {
            if (Files.exists(Path.of("/run/netns", name))) {
                Command.Result result = Command.of("ip", "netns", "delete", name).execute();
                if (!result.succeeded()) {
                    problems.add(
                            "cannot delete namespace " + name + ": " + result.stderr().strip());
                }
            }
        }
    }

    private void deleteRunDirectory(Path runDirectory) {
        if (!Files.exists(runDirectory)) {
            return;
        }
        if (!mountPointsUnder(runDirectory).isEmpty()) {
            // Deleting files under a mount would delete what is mounted, not the lab's own files.
            problems.add("left " + runDirectory + " in place: something is still mounted under it");
            return;
        }
        try {
            Files.walkFileTree(runDirectory, new Deleting());
        } catch (IOException e) {
            problems.add("cannot delete " + runDirectory + ": " + e);
        }
    }

    private static String unescape(String field) {
        return field.replace("\\040", " ")
                .replace("\\011", "\t")
                .replace("\\012", "\n")
                .replace("\\134", "\\");
    }

    /**
     * Deletes a tree without following symbolic links; what is already gone (removed by a process
     * of the lab that was still ending) is skipped.
     */
    private static final class Deleting extends SimpleFileVisitor<Path> {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof java.nio.file.NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null && !(e instanceof java.nio.file.NoSuchFileException)) {
                throw e;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
        }
    }
}
