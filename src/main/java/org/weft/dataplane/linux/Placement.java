package org.weft.dataplane.linux;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a command or a child process runs: here, in a named network namespace, or in a lab host
 * (its own network namespace together with its own mount namespace, where {@code /run/netns} is
 * private to the host). A placement only rewrites the command line, so every tool that starts
 * processes takes one and stays unaware of namespaces.
 */
public sealed interface Placement {

    /** The command line that runs {@code argv} in this place. */
    List<String> wrap(List<String> argv);

    /**
     * The named network namespace {@code name} as this place sees it: a {@code qdhcp-} namespace
     * inside a lab host, say.
     */
    default Placement namespace(String name) {
        return new Nested(this, name);
    }

    /** This process's own namespaces. */
    static Placement here() {
        return Here.INSTANCE;
    }

    /** A network namespace named under {@code /run/netns}, entered with {@code ip netns exec}. */
    static Placement netns(String name) {
        return new NetworkNamespace(name);
    }

    /**
     * A host made of a persistent mount namespace and a network namespace, both bound to files,
     * entered together with {@code nsenter}.
     */
    static Placement host(Path mountNamespace, Path networkNamespace) {
        return new Host(mountNamespace, networkNamespace);
    }

    /** See {@link #here()}. */
    enum Here implements Placement {
        INSTANCE;

        @Override
        public List<String> wrap(List<String> argv) {
            return List.copyOf(argv);
        }
    }

    /** See {@link #netns(String)}. */
    record NetworkNamespace(String name) implements Placement {
        @Override
        public List<String> wrap(List<String> argv) {
            List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", name));
            wrapped.addAll(argv);
            return wrapped;
        }
    }

    /** See {@link #namespace(String)}. */
    record Nested(Placement outer, String name) implements Placement {
        @Override
        public List<String> wrap(List<String> argv) {
            return outer.wrap(new NetworkNamespace(name).wrap(argv));
        }
    }

    /** See {@link #host(Path, Path)}. */
    record Host(Path mountNamespace, Path networkNamespace) implements Placement {
        @Override
        public List<String> wrap(List<String> argv) {
            List<String> wrapped =
                    new ArrayList<>(
                            List.of(
                                    "nsenter",
                                    "--mount=" + mountNamespace,
                                    "--net=" + networkNamespace,
                                    "--"));
            wrapped.addAll(argv);
            return wrapped;
        }
    }
}
