package org.weft.dataplane.ovs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;

/**
 * Clears what a private switch leaves in its run directory and its namespace once its daemons are
 * gone, or what a crashed run left: daemons still running from that run directory, the userspace
 * datapath's tap devices, sockets, pid files and lock files.
 */
public final class Leftovers {
    private static final Logger log = LoggerFactory.getLogger(Leftovers.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DAEMONS = List.of("ovs-vswitchd", "ovsdb-server");

    /** The tap device the userspace datapath makes for itself in its namespace. */
    public static final String DATAPATH_TAP = "ovs-netdev";

    private Leftovers() {}

    /** Clears the leftovers of the switch in {@code runDirectory}, and its database if asked. */
    public static void clear(Path runDirectory, Placement placement, boolean removeDatabase) {
        DAEMONS.forEach(daemon -> stopDaemon(runDirectory, daemon));
        removeTaps(placement, tapNames(runDirectory.resolve("conf.db")));
        removeFiles(runDirectory, removeDatabase);
    }

    /**
     * Stops a daemon named by its pid file, but only if its command line names that same pid file:
     * a pid reused by an unrelated process since the crash is left alone.
     */
    private static void stopDaemon(Path runDirectory, String daemon) {
        Path pidFile = runDirectory.resolve(daemon + ".pid");
        readPid(pidFile)
                .flatMap(ProcessHandle::of)
                .filter(handle -> ownsPidFile(handle, pidFile))
                .ifPresent(handle -> stop(handle, daemon));
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean ownsPidFile(ProcessHandle handle, Path pidFile) {
        String[] arguments = handle.info().arguments().orElse(new String[0]);
        return List.of(arguments).contains("--pidfile=" + pidFile);
    }

    private static void stop(ProcessHandle handle, String daemon) {
        log.warn("stopping leftover {} pid={} of an earlier run", daemon, handle.pid());
        handle.destroy();
        try {
            handle.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
        }
    }

    /** The interfaces that are tap devices on a userspace datapath: internal ones and taps. */
    static Set<String> tapNames(Path database) {
        Set<String> names = new LinkedHashSet<>();
        names.add(DATAPATH_TAP);
        if (!Files.exists(database)) {
            return names;
        }
        String query =
                """
                ["Open_vSwitch", {"op": "select", "table": "Interface",
                  "where": [["type", "==", "internal"]], "columns": ["name"]},
                 {"op": "select", "table": "Interface",
                  "where": [["type", "==", "tap"]], "columns": ["name"]}]
                """;
        Command.Result result =
                Command.of("ovsdb-tool", "query", database.toString(), query).execute();
        if (!result.succeeded()) {
            log.warn(
                    "cannot read interfaces of database={}: {}", database, result.stderr().strip());
            return names;
        }
        try {
            for (JsonNode operation : JSON.readTree(result.stdout())) {
                operation.path("rows").forEach(row -> names.add(row.path("name").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** Removes those of {@code names} that exist as tun/tap devices in {@code placement}. */
    private static void removeTaps(Placement placement, Set<String> names) {
        Command.Result links = Command.of("ip", "-o", "-d", "link", "show").in(placement).execute();
        if (!links.succeeded()) {
            log.warn("cannot list links in placement={}: {}", placement, links.stderr().strip());
            return;
        }
        Set<String> present =
                links.stdout()
                        .lines()
                        .filter(line -> line.contains(" tun type tap "))
                        .map(Leftovers::linkName)
                        .filter(names::contains)
                        .collect(Collectors.toCollection(LinkedHashSet::new));
        if (present.isEmpty()) {
            return;
        }
        String batch =
                present.stream()
                        .map(name -> "link del dev " + name + "\n")
                        .collect(Collectors.joining());
        Command.of("ip", "-force", "-batch", "-").in(placement).withInput(batch).execute();
        log.debug("removed tap devices {} placement={}", present, placement);
    }

    // "3: br0: <BROADCAST,...>" or "4: veth0@if5: <...>"
    private static String linkName(String line) {
        String name = line.split(": ", 3)[1];
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    private static void removeFiles(Path runDirectory, boolean removeDatabase) {
        if (!Files.isDirectory(runDirectory)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(runDirectory)) {
            for (Path file : files) {
                if (isRuntimeFile(file.getFileName().toString(), removeDatabase)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear run directory " + runDirectory, e);
        }
    }

    private static boolean isRuntimeFile(String name, boolean removeDatabase) {
        return name.equals("db.sock")
                || name.endsWith(".pid")
                || name.endsWith(".ctl")
                || name.endsWith(".mgmt")
                || name.endsWith(".snoop")
                || name.startsWith(".conf.db.~")
                || (removeDatabase && name.equals("conf.db"));
    }
}
