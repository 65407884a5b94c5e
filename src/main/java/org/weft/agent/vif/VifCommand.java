package org.weft.agent.vif;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.weft.cli.ConfigFiles;
import org.weft.dataplane.linux.Placement;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft vif plug|unplug}: what os-vif does on a compute host, for hosts without Nova. */
@Command(
        name = "vif",
        mixinStandardHelpOptions = true,
        description = "Plug or unplug a VM's port on this host's br-int, as Nova's os-vif does.",
        subcommands = {VifCommand.Plug.class, VifCommand.Unplug.class})
public final class VifCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** The switch every subcommand talks to. */
    static final class SwitchOptions {
        @Option(
                names = "--ovsdb",
                paramLabel = "TARGET",
                description =
                        "The Open vSwitch database (default: db.sock in $OVS_RUNDIR, else"
                                + " /run/openvswitch).")
        String ovsdb;

        @Option(
                names = "--bridge",
                defaultValue = "br-int",
                description = "The integration bridge (default: ${DEFAULT-VALUE}).")
        String bridge;

        String target() {
            if (ovsdb != null) {
                return ovsdb;
            }
            String runDirectory =
                    Optional.ofNullable(System.getenv("OVS_RUNDIR")).orElse("/run/openvswitch");
            return "unix:" + Path.of(runDirectory, "db.sock");
        }

        VifPlugger plugger() {
            return VifPlugger.connect(Placement.here(), target(), bridge);
        }
    }

    /** The port's details when not read from the API. */
    static final class GivenDetails {
        @Option(names = "--mac", required = true, description = "The port's MAC address.")
        String mac;

        @Option(
                names = "--mtu",
                defaultValue = "1500",
                description = "The network's MTU (default: ${DEFAULT-VALUE}).")
        int mtu;

        @Option(
                names = "--hybrid",
                description = "Plug through a per-port Linux bridge (ovs_hybrid_plug).")
        boolean hybrid;
    }

    /** Where the port's details come from: the API, or the command line. */
    static final class Details {
        @Option(
                names = "--api",
                paramLabel = "URL",
                description =
                        "Read MAC, MTU and vif_details from the API (http://10.10.10.51:9696).")
        String api;

        @ArgGroup(exclusive = false)
        GivenDetails given;
    }

    @Command(name = "plug", mixinStandardHelpOptions = true, description = "Plug a port.")
    static final class Plug implements Runnable {
        @Mixin ConfigFiles configFiles;
        @Mixin SwitchOptions switchOptions;

        @Parameters(index = "0", paramLabel = "PORT_ID", description = "The port's id.")
        String portId;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Details details;

        @Option(names = "--token", description = "X-Auth-Token for --api.")
        String token;

        @Option(names = "--vm-uuid", description = "The VM's id (default: the port's device_id).")
        String vmUuid;

        @Option(
                names = "--netns",
                description = "Put the VM's end in this network namespace (default: a tap device).")
        String netns;

        @Option(
                names = "--device",
                defaultValue = "eth0",
                description = "The VM's device name in --netns (default: ${DEFAULT-VALUE}).")
        String device;

        @Override
        public void run() {
            configFiles.load("vif");
            String vm = vmUuid != null ? vmUuid : UUID.randomUUID().toString();
            VifPort port =
                    details.api != null
                            ? PortLookup.overHttp(details.api, token).lookUp(portId, vm)
                            : new VifPort(
                                    portId,
                                    details.given.mac,
                                    details.given.mtu,
                                    vm,
                                    details.given.hybrid);
            Guest guest = netns == null ? Guest.tap() : Guest.namespace(netns, device);
            try (VifPlugger plugger = switchOptions.plugger()) {
                plugger.plug(port, guest);
            }
            System.out.println(port.integrationDeviceName());
        }
    }

    @Command(name = "unplug", mixinStandardHelpOptions = true, description = "Unplug a port.")
    static final class Unplug implements Runnable {
        @Mixin ConfigFiles configFiles;
        @Mixin SwitchOptions switchOptions;

        @Parameters(index = "0", paramLabel = "PORT_ID", description = "The port's id.")
        String portId;

        @Override
        public void run() {
            configFiles.load("vif");
            try (VifPlugger plugger = switchOptions.plugger()) {
                plugger.unplug(portId);
            }
        }
    }
}
