package org.weft.agent.dhcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;

/**
 * What a test run leaves, or a crashed earlier one left: processes recorded in pid files under the
 * run directory (dnsmasq, DHCP clients), namespaces named with the test's prefix, the directory.
 */
final class Leftovers {
    private static final long PID = ProcessHandle.current().pid();

    private Leftovers() {}

    /**
     * The name prefix of this test JVM's namespaces: {@code base} and this JVM's pid, so that test
     * runs in other checkouts at the same time never touch each other's.
     */
    static String prefix(String base) {
        return base + PID;
    }

    /** This test JVM's run directory for {@code base}: {@code target/<base><pid>}. */
    static Path runDirectory(String base) {
        return Path.of("target", base + PID).toAbsolutePath();
    }

    /**
     * Cleans this run's directory and namespaces, and those of earlier runs of {@code base} whose
     * JVM is gone (a crashed run), found by their run directories.
     */
    static void clean(String base) {
        Path target = runDirectory(base).getParent();
        try (Stream<Path> runs = Files.list(target)) {
            for (Path run : runs.filter(Files::isDirectory).toList()) {
                String name = run.getFileName().toString();
                if (!name.matches(Pattern.quote(base) + "[0-9]+")) {
                    continue;
                }
                long pid = Long.parseLong(name.substring(base.length()));
                boolean alive =
                        pid != PID
                                && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    clean(run, name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        clean(runDirectory(base), prefix(base));
    }

    static void clean(Path runDirectory, String prefix) {
        killRecordedProcesses(runDirectory);
        List<String> served = servedNetworks(runDirectory);
        IpRoute2 root = IpRoute2.in(Placement.here());
        for (String namespace : root.namespaces()) {
            if (namespace.startsWith(prefix + "-")
                    || namespace.startsWith(DhcpNetwork.NAMESPACE_PREFIX + prefix + "-")
                    || served.contains(namespace)) {
                root.deleteNamespace(namespace);
            }
        }
        delete(runDirectory);
    }

    /** The qdhcp- namespaces of the networks an agent had files for under the run directory. */
    private static List<String> servedNetworks(Path runDirectory) {
        Path confs = runDirectory.resolve("state/dhcp");
        if (!Files.isDirectory(confs)) {
            return List.of();
        }
        try (Stream<Path> networks = Files.list(confs)) {
            return networks.map(path -> DhcpNetwork.NAMESPACE_PREFIX + path.getFileName()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills each process a pid file names, if its command line mentions the run directory. */
    private static void killRecordedProcesses(Path runDirectory) {
        if (!Files.isDirectory(runDirectory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(runDirectory)) {
            for (Path file : files.filter(Leftovers::isPidFile).toList()) {
                String pid = pidIn(file);
                Path cmdline = Path.of("/proc", pid, "cmdline");
                if (!pid.matches("[0-9]+") || !Files.exists(cmdline)) {
                    continue;
                }
                String command = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
                if (command.contains(runDirectory.toString())) {
                    Command.of(List.of("kill", "-9", pid)).execute();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isPidFile(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file)
                && (name.equals("pid") || name.endsWith(".pid") || name.endsWith(".process.json"));
    }

    /** The pid a pid file holds, or the {@code "pid"} of a supervised process's state file. */
    private static String pidIn(Path file) throws IOException {
        String text = Files.readString(file).strip();
        Matcher json = Pattern.compile("\"pid\"\\s*:\\s*([0-9]+)").matcher(text);
        return json.find() ? json.group(1) : text;
    }

    private static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
