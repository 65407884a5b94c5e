package org.weft.lab.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.weft.dataplane.linux.ChildProcess;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;

/**
 * A VM's DHCP client: busybox {@code udhcpc} in the VM's namespace, in the foreground so that its
 * pid is the lab's to stop, with a script of the lab's own that applies the lease inside the VM
 * (address, gateway, classless static routes, MTU) and records it in the VM's directory. Nothing
 * outside the VM's namespace is touched: not the machine's {@code /etc/resolv.conf}, not its
 * routes.
 */
public final class DhcpClient {
    private static final String SCRIPT =
            """
            #!/bin/sh
            # udhcpc's event script for a lab VM: applies the lease inside the VM's namespace
            # and records it in LEASE; nothing outside the VM is changed.
            lease=LEASE
            case "$1" in
              deconfig)
                ip -4 addr flush dev "$interface"
                ip link set "$interface" up
                rm -f "$lease"
                ;;
              bound|renew)
                ip -4 addr flush dev "$interface"
                ip addr add "$ip/${mask:-24}" dev "$interface"
                if [ -n "$mtu" ]; then ip link set dev "$interface" mtu "$mtu"; fi
                if [ -n "$staticroutes" ]; then
                  set -- $staticroutes
                  while [ $# -ge 2 ]; do
                    ip route replace "$1" via "$2" dev "$interface"
                    shift 2
                  done
                fi
                for gateway in $router; do
                  ip route replace default via "$gateway" dev "$interface"
                  break
                done
                printf 'ip=%s\\nmask=%s\\nrouter=%s\\nmtu=%s\\ndns=%s\\nstaticroutes=%s\\n' \\
                  "$ip" "$mask" "$router" "$mtu" "$dns" "$staticroutes" > "$lease.new"
                mv "$lease.new" "$lease"
                ;;
            esac
            exit 0
            """;

    private DhcpClient() {}

    /** Starts the client for {@code device} in {@code vm}, with its files in {@code directory}. */
    public static ChildProcess start(String vmName, Placement vm, String device, Path directory) {
        Path script = directory.resolve("udhcpc.script");
        writeScript(script, leaseFile(directory));
        List<String> argv =
                List.of(
                        "busybox",
                        "udhcpc",
                        "-f",
                        "-i",
                        device,
                        "-s",
                        script.toString(),
                        "-p",
                        directory.resolve("udhcpc.pid").toString(),
                        "-t",
                        "20",
                        "-T",
                        "1",
                        "-A",
                        "2",
                        "-O",
                        "mtu",
                        "-O",
                        "staticroutes",
                        "-x",
                        "hostname:" + vmName);
        return ChildProcess.start(
                "udhcpc " + vmName, vm.wrap(argv), directory.resolve("udhcpc.log"), Map.of());
    }

    /**
     * Makes the client in {@code directory} renew its lease now, as it would at half the lease time
     * (udhcpc's {@code SIGUSR1}). The pid its pid file names must be a running udhcpc: a pid the
     * kernel has reused since is left alone.
     */
    public static void renew(Path directory) {
        Path pidFile = directory.resolve("udhcpc.pid");
        String pid;
        String commandLine;
        try {
            pid = Files.readString(pidFile).strip();
            commandLine = Files.readString(Path.of("/proc", pid, "cmdline"));
        } catch (IOException e) {
            throw new IllegalStateException("no running DHCP client per " + pidFile + ": " + e, e);
        }
        if (!commandLine.contains("udhcpc") || !commandLine.contains(pidFile.toString())) {
            throw new IllegalStateException(
                    "pid " + pid + " of " + pidFile + " is no longer the VM's DHCP client");
        }
        Command.of("kill", "-USR1", pid).run();
    }

    /** Where the client records the VM's lease. */
    public static Path leaseFile(Path directory) {
        return directory.resolve("lease");
    }

    /** The lease the VM holds, if it holds one: {@code ip}, {@code mask}, {@code router}, … */
    public static Optional<Map<String, String>> lease(Path directory) {
        Path file = leaseFile(directory);
        try {
            Map<String, String> lease = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file)) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    lease.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
            return Optional.of(lease);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void writeScript(Path script, Path lease) {
        try {
            Files.createDirectories(script.getParent());
            Files.writeString(script, SCRIPT.replace("LEASE", lease.toString()));
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + script + ": " + e, e);
        }
    }
}
