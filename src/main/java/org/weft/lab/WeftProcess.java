package org.weft.lab;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One of Weft's own processes on a lab host: a {@code weft} subcommand run with the host's copies
 * of the guide's files and an overlay file of what the lab changes.
 *
 * @param name the process's name on its host, also its log and overlay file names ({@code server})
 * @param role the hosts it runs on
 * @param subcommand the {@code weft} arguments that start it ({@code server}, {@code agent ovs})
 * @param guideFiles the guide's files it reads, in order, before its overlay
 * @param overlay what the lab sets on top of the guide's files for this process on a host: section
 *     to keys and values
 * @param listens the address and port it accepts connections on once ready, if it does
 */
public record WeftProcess(
        String name,
        HostRole role,
        List<String> subcommand,
        List<GuideFile> guideFiles,
        Overlay overlay,
        Optional<Listener> listens) {

    public WeftProcess {
        subcommand = List.copyOf(subcommand);
        guideFiles = List.copyOf(guideFiles);
    }

    /** What the lab writes for a process on a host, on top of the guide's files. */
    @FunctionalInterface
    public interface Overlay {
        Map<String, Map<String, String>> settings(LabHost host, LabSpec lab);
    }

    /** An address and port a process accepts connections on. */
    public record Listener(LabNetwork network, int port) {}
}
