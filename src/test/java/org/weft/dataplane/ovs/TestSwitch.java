package org.weft.dataplane.ovs;

import java.nio.file.Path;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;

/**
 * A private userspace switch in a network namespace of its own, for tests: namespace {@code
 * wovs-<name>}, run directory {@code target/wovs-<name>}. Leftovers of a crashed earlier run under
 * the same name are cleared first; {@link #close()} removes everything.
 */
public final class TestSwitch implements AutoCloseable {
    private final String namespace;
    private final PrivateSwitch ovs;

    private TestSwitch(String namespace, PrivateSwitch ovs) {
        this.namespace = namespace;
        this.ovs = ovs;
    }

    public static TestSwitch start(String name) {
        return start(name, PrivateSwitch.builder(runDirectory(name)));
    }

    /** Starts a switch as {@code builder} says, placed in the test's own namespace. */
    public static TestSwitch start(String name, PrivateSwitch.Builder builder) {
        String namespace = "wovs-" + name;
        createNamespace(namespace);
        try {
            return new TestSwitch(namespace, builder.placement(Placement.netns(namespace)).start());
        } catch (RuntimeException e) {
            deleteNamespace(namespace);
            throw e;
        }
    }

    public static Path runDirectory(String name) {
        return Path.of("target", "wovs-" + name).toAbsolutePath();
    }

    public PrivateSwitch ovs() {
        return ovs;
    }

    public Placement placement() {
        return Placement.netns(namespace);
    }

    public String namespace() {
        return namespace;
    }

    @Override
    public void close() {
        try {
            ovs.stop();
        } finally {
            deleteNamespace(namespace);
        }
    }

    static void createNamespace(String namespace) {
        deleteNamespace(namespace);
        Command.of("ip", "netns", "add", namespace).run();
        Command.of("ip", "link", "set", "lo", "up").in(Placement.netns(namespace)).run();
    }

    static void deleteNamespace(String namespace) {
        Command.of("ip", "netns", "delete", namespace).execute();
    }
}
