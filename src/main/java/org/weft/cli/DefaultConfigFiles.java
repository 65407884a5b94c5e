package org.weft.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files a process reads when given neither {@code --config-file} nor {@code --config-dir}.
 * oslo's services look for their project's file ({@code /etc/neutron/neutron.conf}); Weft looks in
 * {@code /etc/weft}, then {@code /etc/neutron}, then {@code /etc/quantum}, takes the first
 * directory holding its main file ({@code weft.conf}, {@code neutron.conf}, {@code quantum.conf}),
 * and reads that file and, when present there, the process's own file under the name that project's
 * packages give it (the Debian units pass it explicitly; reading it here saves an operator who
 * starts a process by hand from a silently different configuration).
 */
final class DefaultConfigFiles {
    /** The directories searched, in order, and the main file of each. */
    static final List<Path> SYSTEM_DIRECTORIES =
            List.of(Path.of("/etc/weft"), Path.of("/etc/neutron"), Path.of("/etc/quantum"));

    private static final Map<String, String> MAIN_FILE =
            Map.of("weft", "weft.conf", "neutron", "neutron.conf", "quantum", "quantum.conf");

    /** Per process, its own file under each project's name for it. */
    private static final Map<String, Map<String, String>> PROCESS_FILE =
            Map.of(
                    "weft-server",
                    Map.of(
                            "neutron", "plugins/ml2/ml2_conf.ini",
                            "quantum", "plugins/openvswitch/ovs_quantum_plugin.ini"),
                    "ovs-agent",
                    Map.of(
                            "weft", "openvswitch_agent.ini",
                            "neutron", "plugins/ml2/openvswitch_agent.ini",
                            "quantum", "plugins/openvswitch/ovs_quantum_plugin.ini"),
                    "dhcp-agent",
                    everyProject("dhcp_agent.ini"),
                    "l3-agent",
                    everyProject("l3_agent.ini"),
                    "metadata-agent",
                    everyProject("metadata_agent.ini"));

    private DefaultConfigFiles() {}

    /**
     * The files service {@code process} reads from the first of {@code directories} holding a main
     * file; none for a tool.
     */
    static List<Path> of(String process, List<Path> directories) {
        if (!PROCESS_FILE.containsKey(process)) {
            return List.of(); // the tools (lab, doctor, cleanup...) read only what they are given
        }
        for (Path directory : directories) {
            String project = directory.getFileName().toString();
            Path main = directory.resolve(MAIN_FILE.getOrDefault(project, project + ".conf"));
            if (!Files.isRegularFile(main)) {
                continue;
            }
            List<Path> files = new ArrayList<>(List.of(main));
            String own = PROCESS_FILE.getOrDefault(process, Map.of()).get(project);
            if (own != null && Files.isRegularFile(directory.resolve(own))) {
                files.add(directory.resolve(own));
            }
            return files;
        }
        return List.of();
    }

    private static Map<String, String> everyProject(String file) {
        return Map.of("weft", file, "neutron", file, "quantum", file);
    }
}
