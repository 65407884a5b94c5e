package org.weft.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.weft.config.Config;
import org.weft.dataplane.linux.NamespaceCleanup;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.ovs.OvsCleanup;
import org.weft.dataplane.ovs.OvsOptions;
import org.weft.dataplane.ovsdb.OvsdbTarget;
import org.weft.dataplane.ovsdb.VswitchDatabase;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code weft cleanup ovs|netns}: what Neutron's {@code neutron-ovs-cleanup} and {@code
 * neutron-netns-cleanup} do, for Weft's agents. Run with the agents stopped (at boot, before they
 * start, or when taking a host out of service); the agents plug and build again what they need.
 */
@Command(
        name = "cleanup",
        mixinStandardHelpOptions = true,
        description = "Remove what Weft's agents left on this host, and nothing else.",
        subcommands = {CleanupCommand.Ovs.class, CleanupCommand.Netns.class})
final class CleanupCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(
            name = "ovs",
            mixinStandardHelpOptions = true,
            description =
                    "Remove the ports Weft's DHCP and l3 agents plugged (tap, qr-, qg-: marked"
                            + " external_ids:weft-owner=weft) from every bridge, with their"
                            + " devices. VM, patch and tunnel ports, bridges and flows stay.")
    static final class Ovs implements Callable<Integer> {
        @Mixin ConfigFiles configFiles;

        @Option(
                names = "--ovsdb",
                paramLabel = "TARGET",
                description = "The Open vSwitch database (default: [ovs] ovsdb_connection).")
        String ovsdb;

        @Option(names = "--dry-run", description = "Only list what would be removed.")
        boolean dryRun;

        @Override
        public Integer call() {
            Config config = configFiles.load("cleanup");
            String target =
                    Optional.ofNullable(ovsdb)
                            .orElseGet(() -> config.get(OvsOptions.OVSDB_CONNECTION));
            try (VswitchDatabase database = VswitchDatabase.connect(OvsdbTarget.parse(target))) {
                OvsCleanup cleanup = new OvsCleanup(database, Placement.here());
                List<OvsCleanup.BridgePort> ports =
                        dryRun ? cleanup.weftPorts() : cleanup.removeWeftPorts();
                ports.forEach(
                        port -> System.out.println((dryRun ? "would remove " : "removed ") + port));
            }
            return 0;
        }
    }

    @Command(
            name = "netns",
            mixinStandardHelpOptions = true,
            description =
                    "Remove the agents' namespaces (qdhcp-<id>, qrouter-<id>) that hold no process"
                            + " and no device but lo; with --force, every one of them, stopping"
                            + " the processes inside.")
    static final class Netns implements Callable<Integer> {
        @Mixin ConfigFiles configFiles;

        @Option(names = "--force", description = "Also namespaces with processes or devices.")
        boolean force;

        @Option(names = "--dry-run", description = "Only list Weft's namespaces.")
        boolean dryRun;

        @Option(
                names = "--namespace-prefix",
                paramLabel = "PREFIX",
                description =
                        "A prefix of Weft's namespaces, each followed by a UUID (default: qdhcp-"
                                + " and qrouter-); repeatable.")
        List<String> prefixes = new ArrayList<>();

        @Override
        public Integer call() {
            configFiles.load("cleanup");
            NamespaceCleanup cleanup =
                    new NamespaceCleanup(
                            Placement.here(),
                            prefixes.isEmpty() ? NamespaceCleanup.AGENT_PREFIXES : prefixes);
            if (dryRun) {
                cleanup.weftNamespaces().forEach(name -> System.out.println("found " + name));
            } else {
                cleanup.remove(force).forEach(name -> System.out.println("removed " + name));
            }
            return 0;
        }
    }
}
