package org.weft.lab.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;
import org.weft.lab.LabHost;

/**
 * The namespaces a lab host is made of: a network namespace named under the machine's {@code
 * /run/netns}, and a persistent mount namespace bound to a file of the lab's namespace directory,
 * with a tmpfs on {@code /run/netns} so that the host sees only the named namespaces it makes
 * itself.
 */
public final class HostNamespaces {

    // Run inside a new host's mount namespace. The copy of the machine's mount table it starts
    // with holds every network namespace bound anywhere on the machine (other labs', other
    // tests'); each copy would keep its namespace alive, with its interfaces, after its owner
    // deletes it. Unmounting them first keeps the host from pinning what is not its own.
    private static final String PRIVATE_VIEW =
            """
            set -e
            awk '$3 == "nsfs" { print $2 }' /proc/self/mounts | sort -r | while read -r m; do
              umount -l "$m" 2>/dev/null || true
            done
            mountpoint -q /run/netns && umount -l /run/netns || true
            mount -t tmpfs -o mode=0755,size=1m weft-netns /run/netns
            """;

    private HostNamespaces() {}

    /**
     * Makes {@code directory} a private bind mount of itself: a mount namespace can only be bound
     * to a file on a mount that does not propagate to the namespace itself.
     */
    public static void makePrivateDirectory(Path directory) {
        createDirectories(directory);
        if (!isMountPoint(directory)) {
            Command.of("mount", "--bind", directory.toString(), directory.toString()).run();
        }
        Command.of("mount", "--make-private", directory.toString()).run();
    }

    /** Creates the named network namespace with its loopback up. */
    public static void createNetworkNamespace(String name) {
        Command.of("ip", "netns", "add", name).run();
        Command.of("ip", "-n", name, "link", "set", "lo", "up").run();
    }

    /** Creates the host's mount namespace and gives it its own {@code /run/netns}. */
    public static void createMountNamespace(LabHost host) {
        Path file = host.mountNamespace();
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file + ": " + e, e);
        }
        Command.of("unshare", "--mount=" + file, "--propagation", "private", "true").run();
        Command.of(List.of("nsenter", "--mount=" + file, "--", "sh", "-c", PRIVATE_VIEW)).run();
    }

    /** The placement of {@code host}'s named namespace {@code name} (a VM, a qdhcp-…). */
    public static Placement nested(LabHost host, String name) {
        return host.placement().namespace(name);
    }

    /** Whether {@code path} is a mount point in the machine's mount namespace. */
    public static boolean isMountPoint(Path path) {
        return Command.of("mountpoint", "-q", path.toString()).execute().succeeded();
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory + ": " + e, e);
        }
    }
}
