package org.weft.lab.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.linux.Command;
import org.weft.lab.LabHost;

/**
 * Finds the processes inside a lab's namespaces, by the namespaces they are in rather than by what
 * was recorded: a process started by a {@code weft lab} that was killed before it could write the
 * pid down, or by an agent in a host's {@code qdhcp-} namespace, is found all the same. Every such
 * process was started by the lab or by what the lab started.
 */
public final class ProcessSweep {
    private static final Logger log = LoggerFactory.getLogger(ProcessSweep.class);

    private ProcessSweep() {}

    /**
     * The namespaces of the lab, as the kernel names them in {@code /proc/PID/ns} ({@code
     * net:[4026532301]}): the named network namespaces, the hosts' mount namespaces, and the
     * network namespaces each host has named inside it.
     */
    public static Set<String> namespaces(List<String> networkNamespaces, List<LabHost> hosts) {
        Set<String> ids = new LinkedHashSet<>();
        for (String name : networkNamespaces) {
            inode(Path.of("/run/netns", name)).ifPresent(ino -> ids.add("net:[" + ino + "]"));
        }
        for (LabHost host : hosts) {
            Path file = host.mountNamespace();
            inode(file)
                    .filter(ino -> HostNamespaces.isMountPoint(file))
                    .ifPresent(
                            ino -> {
                                ids.add("mnt:[" + ino + "]");
                                ids.addAll(namedInside(host));
                            });
        }
        return ids;
    }

    /** The pids of the processes in any of {@code namespaces}, this process excepted. */
    public static List<Long> processesIn(Set<String> namespaces) {
        List<Long> found = new ArrayList<>();
        if (namespaces.isEmpty()) {
            return found;
        }
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : proc) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (pid != self && (isIn(dir, "net", namespaces) || isIn(dir, "mnt", namespaces))) {
                    found.add(pid);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list processes: " + e, e);
        }
        return found;
    }

    /**
     * The pids of the processes whose command line names a path under {@code runDirectory}, this
     * process and its ancestors excepted (a {@code weft lab down --run-dir} names it too). They
     * were started by the lab outside its namespaces, as the {@code ovs-vsctl} a killed {@code weft
     * lab up} left waiting on a switch that is gone; the run directory is the lab's own, so nothing
     * else names it.
     */
    public static List<Long> processesNaming(Path runDirectory) {
        String directory = runDirectory.toAbsolutePath().normalize().toString();
        Set<Long> spared = new LinkedHashSet<>();
        for (var p = java.util.Optional.of(ProcessHandle.current());
                p.isPresent();
                p = p.get().parent()) {
            spared.add(p.get().pid());
        }
        return ProcessHandle.allProcesses()
                .filter(p -> !spared.contains(p.pid()))
                .filter(p -> names(p.info().commandLine().orElse(""), directory))
                .map(ProcessHandle::pid)
                .toList();
    }

    private static boolean names(String commandLine, String directory) {
        for (int at = commandLine.indexOf(directory);
                at >= 0;
                at = commandLine.indexOf(directory, at + 1)) {
            int end = at + directory.length();
            if (end == commandLine.length()
                    || commandLine.charAt(end) == '/'
                    || Character.isWhitespace(commandLine.charAt(end))) {
                return true;
            }
        }
        return false;
    }

    /** Ends {@code pids}: SIGTERM, then SIGKILL for those still there after {@code grace}. */
    public static void stop(List<Long> pids, Duration grace) {
        List<ProcessHandle> handles =
                pids.stream().flatMap(pid -> ProcessHandle.of(pid).stream()).toList();
        handles.forEach(
                handle -> {
                    log.info(
                            "stopping pid={} command={}",
                            handle.pid(),
                            handle.info().command().orElse("?"));
                    handle.destroy();
                });
        Instant deadline = Instant.now().plus(grace);
        while (handles.stream().anyMatch(ProcessSweep::isRunning)
                && Instant.now().isBefore(deadline)) {
            pause();
        }
        handles.stream()
                .filter(ProcessSweep::isRunning)
                .forEach(
                        handle -> {
                            log.warn("killing pid={}: still there after {}", handle.pid(), grace);
                            handle.destroyForcibly();
                        });
    }

    /**
     * Whether {@code process} still runs: alive and not a zombie. A process that ended but that its
     * parent (this JVM, say) has not reaped yet holds nothing any more.
     */
    public static boolean isRunning(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // The state follows the command name, which is in parentheses and may hold spaces.
            String afterName = stat.substring(stat.lastIndexOf(')') + 1).strip();
            return !afterName.startsWith("Z") && !afterName.startsWith("X");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isIn(Path process, String kind, Set<String> namespaces) {
        try {
            return namespaces.contains(
                    Files.readSymbolicLink(process.resolve("ns").resolve(kind)).toString());
        } catch (IOException e) {
            // The process ended while we looked, or is a kernel thread.
            return false;
        }
    }

    private static List<String> namedInside(LabHost host) {
        Command.Result result =
                Command.of(
                                "nsenter",
                                "--mount=" + host.mountNamespace(),
                                "--",
                                "sh",
                                "-c",
                                "for f in /run/netns/*; do [ -e \"$f\" ] && stat -L -c %i"
                                        + " \"$f\"; done; true")
                        .execute();
        return result.stdout()
                .lines()
                .filter(line -> !line.isBlank())
                .map(ino -> "net:[" + ino.strip() + "]")
                .toList();
    }

    private static java.util.Optional<Long> inode(Path file) {
        try {
            return java.util.Optional.of((Long) Files.getAttribute(file, "unix:ino"));
        } catch (IOException | UnsupportedOperationException e) {
            return java.util.Optional.empty();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
