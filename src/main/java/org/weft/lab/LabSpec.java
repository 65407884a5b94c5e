package org.weft.lab;

import static org.weft.lab.HostInterface.Use.ADDRESSED;
import static org.weft.lab.HostInterface.Use.DATA_BRIDGE;
import static org.weft.lab.HostInterface.Use.EXTERNAL_BRIDGE;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What lab to build.
 *
 * @param name the lab's name, the prefix of everything it makes on the machine (its network
 *     namespaces are {@code <name>-controller}, …), so that labs of other names coexist
 * @param computeNodes how many compute nodes ({@code compute1} at .53, {@code compute2} at .54, …)
 * @param database the API server's database
 * @param runDirectory where the lab's state file and every host's files go
 * @param keystone whether Keystone runs on the controller and the server authenticates with it, as
 *     the guide's files say, rather than {@code noauth}
 */
public record LabSpec(
        String name, int computeNodes, LabDatabase database, Path runDirectory, boolean keystone) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{0,11}");

    /** The most compute nodes: their addresses go from .53 up to .250. */
    public static final int MAX_COMPUTE_NODES = 198;

    private static final int FIRST_COMPUTE = 53;

    public LabSpec {
        Objects.requireNonNull(database);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "invalid lab name '"
                            + name
                            + "': a lower-case letter, then up to 11 letters"
                            + " or digits");
        }
        if (computeNodes < 1 || computeNodes > MAX_COMPUTE_NODES) {
            throw new IllegalArgumentException(
                    "compute nodes must be 1 to " + MAX_COMPUTE_NODES + ", not " + computeNodes);
        }
        runDirectory = runDirectory.toAbsolutePath().normalize();
    }

    /** A lab without Keystone: the server runs {@code noauth}. */
    public LabSpec(String name, int computeNodes, LabDatabase database, Path runDirectory) {
        this(name, computeNodes, database, runDirectory, false);
    }

    /** The guide's deployment: two compute nodes, the embedded database. */
    public static LabSpec of(String name, Path runDirectory) {
        return new LabSpec(name, 2, LabDatabase.EMBEDDED, runDirectory);
    }

    /** Where a lab keeps its files when not told: {@code /tmp/weft-lab-<name>}. */
    public static Path defaultRunDirectory(String name) {
        return Path.of("/tmp", "weft-lab-" + name);
    }

    public LabSpec withComputeNodes(int count) {
        return new LabSpec(name, count, database, runDirectory, keystone);
    }

    public LabSpec withDatabase(LabDatabase db) {
        return new LabSpec(name, computeNodes, db, runDirectory, keystone);
    }

    /** The same lab with Keystone on the controller and the server authenticating with it. */
    public LabSpec withKeystone() {
        return new LabSpec(name, computeNodes, database, runDirectory, true);
    }

    /** The hosts, in the order they are built: controller, network, compute nodes, upstream. */
    public List<LabHost> hosts() {
        List<LabHost> hosts = new ArrayList<>();
        hosts.add(
                host(
                        "controller",
                        HostRole.CONTROLLER,
                        51,
                        List.of(
                                new HostInterface("eth0", LabNetwork.MANAGEMENT, ADDRESSED),
                                new HostInterface("eth1", LabNetwork.EXTERNAL, ADDRESSED))));
        hosts.add(
                host(
                        "network",
                        HostRole.NETWORK,
                        52,
                        List.of(
                                new HostInterface("eth0", LabNetwork.MANAGEMENT, ADDRESSED),
                                new HostInterface("eth1", LabNetwork.DATA, DATA_BRIDGE),
                                new HostInterface("eth2", LabNetwork.EXTERNAL, EXTERNAL_BRIDGE),
                                new HostInterface("eth3", LabNetwork.EXTERNAL, ADDRESSED))));
        for (int n = 1; n <= computeNodes; n++) {
            hosts.add(
                    host(
                            "compute" + n,
                            HostRole.COMPUTE,
                            FIRST_COMPUTE - 1 + n,
                            List.of(
                                    new HostInterface("eth0", LabNetwork.MANAGEMENT, ADDRESSED),
                                    new HostInterface("eth1", LabNetwork.DATA, DATA_BRIDGE))));
        }
        hosts.add(
                host(
                        "upstream",
                        HostRole.UPSTREAM,
                        1,
                        List.of(new HostInterface("eth0", LabNetwork.EXTERNAL, ADDRESSED))));
        return hosts;
    }

    /** The network namespace that holds the three networks' bridges. */
    public String fabricNamespace() {
        return name + "-fabric";
    }

    /** The directory the hosts' mount namespace files are bound in (a private mount). */
    public Path namespaceDirectory() {
        return runDirectory.resolve("ns");
    }

    public Path stateFile() {
        return runDirectory.resolve("lab.json");
    }

    private LabHost host(String host, HostRole role, int number, List<HostInterface> interfaces) {
        return new LabHost(
                host,
                role,
                number,
                interfaces,
                name + "-" + host,
                namespaceDirectory().resolve(host + ".mnt"),
                runDirectory.resolve("hosts").resolve(host));
    }
}
