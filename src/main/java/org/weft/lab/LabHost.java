package org.weft.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.weft.dataplane.linux.Placement;

/**
 * A host of the lab: a network namespace with its interfaces, a persistent mount namespace of its
 * own (where {@code /run/netns} is private to the host), and a directory under the lab's run
 * directory for its configuration, state, locks, logs and switch.
 *
 * @param name the host's name ({@code controller}, {@code network}, {@code compute1}, …)
 * @param role what it is in the deployment
 * @param number the last byte of its addresses on every network ({@code 51} for 10.10.10.51)
 * @param interfaces its interfaces, in the guide's order
 * @param networkNamespace the name of its network namespace under the machine's {@code /run/netns}
 * @param mountNamespace the file its mount namespace is bound to
 * @param directory its own files
 */
public record LabHost(
        String name,
        HostRole role,
        int number,
        List<HostInterface> interfaces,
        String networkNamespace,
        Path mountNamespace,
        Path directory) {

    /** The bridge that holds the data interface and the tunnels' local address. */
    public static final String DATA_BRIDGE = "br-data";

    public LabHost {
        interfaces = List.copyOf(interfaces);
    }

    /** Where commands and processes run to run on this host. */
    public Placement placement() {
        return Placement.host(mountNamespace, Path.of("/run/netns", networkNamespace));
    }

    /** The host's address on {@code network}, if it has one there. */
    public Optional<String> address(LabNetwork network) {
        return interfaces.stream()
                .filter(i -> i.network() == network && i.use() != HostInterface.Use.EXTERNAL_BRIDGE)
                .findFirst()
                .map(i -> network.address(number));
    }

    /** The address on the data network, where tunnels start and end: {@code local_ip}. */
    public Optional<String> localIp() {
        return address(LabNetwork.DATA);
    }

    public Path configDirectory() {
        return directory.resolve("etc");
    }

    public Path stateDirectory() {
        return directory.resolve("state");
    }

    public Path lockDirectory() {
        return directory.resolve("lock");
    }

    public Path logDirectory() {
        return directory.resolve("log");
    }

    /** The run directory of the host's Open vSwitch. */
    public Path switchDirectory() {
        return directory.resolve("ovs");
    }

    /** The host's Open vSwitch database, as {@code ovs-vsctl --db} and the agents name it. */
    public String ovsdbTarget() {
        return "unix:" + switchDirectory().resolve("db.sock");
    }
}
