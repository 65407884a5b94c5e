package org.weft.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.weft.dataplane.linux.ChildProcess;
import org.weft.dataplane.linux.Command;
import org.weft.lab.internal.ProcessSweep;
import org.weft.lab.internal.Teardown;

/**
 * Labs for tests: named {@code wl<digits>} with their files in {@code /tmp/<name>}, so that labs of
 * other tests and of people ({@code weft}) are never touched. Each test lab's run directory names
 * the JVM that made it ({@code test-owner}: pid and start time) before anything else is made; a lab
 * of that form whose owner is gone is the leftover of a crashed earlier run, and is removed. Labs
 * of other JVMs running the same tests at the same time are left alone.
 */
final class LabTesting {
    private static final Pattern TEST_LAB =
            Pattern.compile("(wl[0-9]+)-(controller|network|compute[0-9]+|upstream|fabric)");
    private static final String OWNER_FILE = "test-owner";

    private LabTesting() {}

    /** A new lab's spec, with a name no other lab has, owned by this JVM. */
    static LabSpec spec(int computeNodes) {
        removeLeftoversOfEarlierRuns();
        String name = "wl" + ThreadLocalRandom.current().nextInt(10000, 100000);
        LabSpec spec = new LabSpec(name, computeNodes, LabDatabase.EMBEDDED, Path.of("/tmp", name));
        ProcessHandle self = ProcessHandle.current();
        try {
            Files.createDirectories(spec.runDirectory());
            Files.writeString(
                    spec.runDirectory().resolve(OWNER_FILE),
                    self.pid() + " " + self.info().startInstant().orElseThrow());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return spec;
    }

    static void removeLeftoversOfEarlierRuns() {
        Set<String> leftovers = new LinkedHashSet<>();
        for (String namespace : Teardown.existingNetworkNamespaces()) {
            Matcher matcher = TEST_LAB.matcher(namespace);
            if (matcher.matches() && !ownerIsAlive(Path.of("/tmp", matcher.group(1)))) {
                leftovers.add(matcher.group(1));
            }
        }
        for (String name : leftovers) {
            Lab.down(new LabSpec(name, 1, LabDatabase.EMBEDDED, Path.of("/tmp", name)));
        }
    }

    private static boolean ownerIsAlive(Path runDirectory) {
        try {
            String[] owner = Files.readString(runDirectory.resolve(OWNER_FILE)).strip().split(" ");
            return ChildProcess.adopt(
                            "test owner", Long.parseLong(owner[0]), Instant.parse(owner[1]))
                    .isPresent();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * What of the lab {@code spec} is visible on the machine: its network namespaces, mounts under
     * its run directory, its devices in the machine's own namespace (there should never be any),
     * processes whose command line names its run directory, and its run directory itself.
     */
    static List<String> traces(LabSpec spec) {
        List<String> found = new ArrayList<>();
        for (String namespace : Teardown.existingNetworkNamespaces()) {
            if (namespace.startsWith(spec.name() + "-")) {
                found.add("namespace " + namespace);
            }
        }
        for (String mountPoint : Teardown.mountPointsUnder(spec.runDirectory())) {
            found.add("mount " + mountPoint);
        }
        for (String device : devicesOfTheMachine()) {
            if (device.matches("(ctl|net|up|c[0-9]+)-eth[0-9]|br-(int|ex|data)|ovs-netdev")) {
                found.add("device " + device + " in the machine's namespace");
            }
        }
        String runDirectory = spec.runDirectory().toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(runDirectory))
                .forEach(
                        p ->
                                found.add(
                                        "process "
                                                + p.pid()
                                                + " "
                                                + p.info().commandLine().orElse("")));
        if (Files.exists(spec.runDirectory()) && !holdsOnlyItsOwner(spec.runDirectory())) {
            found.add("directory " + spec.runDirectory());
        }
        return found;
    }

    /** The processes inside the lab's namespaces now, as handles that stay true to them. */
    static List<ProcessHandle> processesInside(LabSpec spec) {
        return processesIn(namespacesOf(spec));
    }

    /**
     * The lab's namespaces as the kernel names them: a process started in one after it was looked
     * at is found in it all the same, even once its name is gone.
     */
    static java.util.Set<String> namespacesOf(LabSpec spec) {
        List<String> namespaces = new ArrayList<>();
        namespaces.add(spec.fabricNamespace());
        spec.hosts().forEach(host -> namespaces.add(host.networkNamespace()));
        return ProcessSweep.namespaces(namespaces, spec.hosts());
    }

    static List<ProcessHandle> processesIn(java.util.Set<String> namespaces) {
        return ProcessSweep.processesIn(namespaces).stream()
                .flatMap(pid -> ProcessHandle.of(pid).stream())
                .filter(ProcessSweep::isRunning)
                .toList();
    }

    /** Those of {@code processes} still alive. */
    static List<String> stillAlive(List<ProcessHandle> processes) {
        return processes.stream()
                .filter(ProcessSweep::isRunning)
                .map(p -> "process " + p.pid() + " " + p.info().commandLine().orElse(""))
                .toList();
    }

    private static boolean holdsOnlyItsOwner(Path runDirectory) {
        try (var files = Files.list(runDirectory)) {
            return files.allMatch(file -> file.getFileName().toString().equals(OWNER_FILE));
        } catch (IOException e) {
            return false;
        }
    }

    static List<String> devicesOfTheMachine() {
        return Command.of("ip", "-o", "link", "show")
                .run()
                .lines()
                .map(line -> line.split(":\\s+", 3)[1].split("@")[0])
                .toList();
    }

    /** Deletes a file tree the test made, if it is there. */
    static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
