package org.weft.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.weft.cli.ConfigFiles;
import org.weft.config.StartRefusedException;
import org.weft.lab.internal.StateFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft lab}: the install guide's deployment on this machine, built from namespaces. */
@Command(
        name = "lab",
        mixinStandardHelpOptions = true,
        description = "The install guide's four-node deployment on this machine, in namespaces.",
        subcommands = {
            LabCommand.Up.class,
            LabCommand.Start.class,
            LabCommand.Stop.class,
            LabCommand.Status.class,
            LabCommand.Exec.class,
            LabCommand.VmCommand.class,
            LabCommand.Down.class,
            org.weft.lab.nova.NovaMetadataCommand.class
        })
public final class LabCommand implements Runnable {
    /** The lab's name when none is given. */
    public static final String DEFAULT_NAME = "weft";

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Which lab a subcommand is about. */
    static final class Which {
        @Option(
                names = "--name",
                defaultValue = DEFAULT_NAME,
                description =
                        "The lab's name, the prefix of its namespaces (default: ${DEFAULT-VALUE}).")
        String name;

        @Option(
                names = "--run-dir",
                paramLabel = "DIR",
                description = "The lab's files (default: /tmp/weft-lab-NAME).")
        Path runDirectory;

        Path directory() {
            return runDirectory != null ? runDirectory : LabSpec.defaultRunDirectory(name);
        }

        /** The lab in {@link #directory()}; refused in one line when there is none. */
        Lab open() {
            if (!StateFile.in(directory()).exists()) {
                throw new StartRefusedException(
                        "no lab in "
                                + directory()
                                + ": weft lab up builds one (weft demo --keep leaves its own up)");
            }
            return Lab.open(directory());
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Build the lab.")
    static final class Up implements Runnable {
        @Mixin ConfigFiles configFiles;
        @Mixin Which which;

        @Option(
                names = "--compute",
                paramLabel = "N",
                defaultValue = "2",
                description = "Compute nodes (default: ${DEFAULT-VALUE}).")
        int computeNodes;

        @Option(
                names = "--db",
                paramLabel = "DB",
                defaultValue = "embedded",
                description =
                        "The server's database: embedded or mariadb (default: ${DEFAULT-VALUE}).")
        String database;

        @Option(
                names = "--keystone",
                description =
                        "Run Keystone on the controller; the server authenticates with it as the"
                                + " guide's files say (default: noauth).")
        boolean keystone;

        @Override
        public void run() {
            configFiles.load("lab");
            LabDatabase db =
                    switch (database) {
                        case "embedded", "h2" -> LabDatabase.EMBEDDED;
                        case "mariadb", "mysql" -> LabDatabase.MARIADB;
                        default ->
                                throw new CommandLine.ParameterException(
                                        new CommandLine(this),
                                        "--db must be embedded or mariadb, not " + database);
                    };
            LabSpec spec = new LabSpec(which.name, computeNodes, db, which.directory(), keystone);
            Lab lab = Lab.up(spec);
            System.out.println(
                    "lab "
                            + spec.name()
                            + " is up: "
                            + spec.hosts().size()
                            + " hosts; next: weft lab"
                            + " start"
                            + nameArgument(which));
            System.out.println(StatusText.of(lab.status()));
        }
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description = "Start Weft's processes of each host's role (all hosts if none named).")
    static final class Start implements Runnable {
        @Mixin ConfigFiles configFiles;
        @Mixin Which which;

        @Parameters(paramLabel = "HOST", arity = "0..*", description = "Hosts to start.")
        List<String> hosts = new ArrayList<>();

        @Override
        public void run() {
            configFiles.load("lab");
            Lab lab = which.open();
            lab.start(hosts);
            System.out.println(StatusText.of(lab.status()));
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Stop Weft's processes (on all hosts if none named).")
    static final class Stop implements Runnable {
        @Mixin ConfigFiles configFiles;
        @Mixin Which which;

        @Parameters(paramLabel = "HOST", arity = "0..*", description = "Hosts to stop.")
        List<String> hosts = new ArrayList<>();

        @Override
        public void run() {
            configFiles.load("lab");
            which.open().stop(hosts);
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Hosts, processes (alive or not), logs, VMs, and how to use the API.")
    static final class Status implements Runnable {
        @Mixin Which which;

        @Override
        public void run() {
            System.out.println(StatusText.of(which.open().status()));
        }
    }

    @Command(
            name = "exec",
            mixinStandardHelpOptions = true,
            description = "Run a command on a host or in a VM: weft lab exec HOST|VM -- CMD...")
    static final class Exec implements Callable<Integer> {
        @Mixin Which which;

        @Parameters(index = "0", paramLabel = "HOST|VM", description = "Where to run.")
        String where;

        @Parameters(
                index = "1..*",
                arity = "1..*",
                paramLabel = "CMD",
                description = "What to run.")
        List<String> command = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Lab lab = which.open();
            List<String> argv;
            try {
                argv = lab.execCommand(where, command);
            } catch (IllegalArgumentException e) {
                throw new StartRefusedException(e.getMessage());
            }
            return new ProcessBuilder(argv).inheritIO().start().waitFor();
        }
    }

    @Command(
            name = "vm",
            mixinStandardHelpOptions = true,
            description =
                    "Create or delete a VM: a namespace plugged into a compute node's br-int.",
            subcommands = {VmCommand.Create.class, VmCommand.Delete.class})
    static final class VmCommand implements Runnable {
        @Override
        public void run() {
            new CommandLine(this).usage(System.out);
        }

        @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a VM.")
        static final class Create implements Runnable {
            @Mixin ConfigFiles configFiles;
            @Mixin Which which;

            @Parameters(index = "0", paramLabel = "NAME", description = "The VM's name.")
            String name;

            @Option(names = "--host", required = true, description = "The compute host.")
            String host;

            @Option(
                    names = "--port",
                    required = true,
                    paramLabel = "PORT_ID",
                    description = "The port to plug.")
            String portId;

            @Option(names = "--mac", description = "The port's MAC (default: from the API).")
            String mac;

            @Option(names = "--mtu", description = "The network's MTU (default: from the API).")
            Integer mtu;

            @Option(
                    names = "--hybrid",
                    negatable = true,
                    description =
                            "Plug through a per-port Linux bridge (default: as the port's"
                                    + " vif_details say).")
            Boolean hybrid;

            @Option(names = "--dhcp", description = "Take the address with a DHCP client.")
            boolean dhcp;

            @Override
            public void run() {
                configFiles.load("lab");
                VmSpec spec = VmSpec.of(name, host, portId);
                if (mac != null) {
                    spec = spec.withPort(mac, mtu == null ? 1500 : mtu);
                } else if (mtu != null) {
                    spec =
                            new VmSpec(
                                    name,
                                    host,
                                    portId,
                                    spec.mac(),
                                    java.util.Optional.of(mtu),
                                    spec.hybridPlug(),
                                    false);
                }
                if (hybrid != null) {
                    spec = spec.withHybridPlug(hybrid);
                }
                if (dhcp) {
                    spec = spec.withDhcp();
                }
                Vm vm = which.open().createVm(spec);
                System.out.println(
                        "vm "
                                + vm.name()
                                + " on "
                                + vm.host().name()
                                + ": "
                                + vm.port().integrationDeviceName()
                                + " on br-int, mac "
                                + vm.port().mac()
                                + "; weft lab exec"
                                + nameArgument(which)
                                + " "
                                + vm.name()
                                + " -- ip addr");
            }
        }

        @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a VM.")
        static final class Delete implements Runnable {
            @Mixin ConfigFiles configFiles;
            @Mixin Which which;

            @Parameters(index = "0", paramLabel = "NAME", description = "The VM's name.")
            String name;

            @Override
            public void run() {
                configFiles.load("lab");
                which.open().deleteVm(name);
            }
        }
    }

    @Command(
            name = "down",
            mixinStandardHelpOptions = true,
            description = "Remove everything the lab made, processes included; also after a crash.")
    static final class Down implements Runnable {
        @Mixin ConfigFiles configFiles;
        @Mixin Which which;

        @Override
        public void run() {
            configFiles.load("lab");
            LabSpec spec = LabSpec.of(which.name, which.directory());
            if (!Lab.exists(spec)) {
                System.out.println("no lab " + which.name + " here: nothing to remove");
                return;
            }
            Lab.down(spec);
            System.out.println("lab " + which.name + " removed");
        }
    }

    private static String nameArgument(Which which) {
        String text = which.name.equals(DEFAULT_NAME) ? "" : " --name " + which.name;
        return which.runDirectory == null ? text : text + " --run-dir " + which.runDirectory;
    }

    /** The text of {@code weft lab status}. */
    static final class StatusText {
        private StatusText() {}

        static String of(LabStatus status) {
            StringBuilder text = new StringBuilder();
            text.append("lab ")
                    .append(status.name())
                    .append(" (")
                    .append(status.phase())
                    .append(") in ")
                    .append(status.runDirectory())
                    .append('\n');
            text.append("hosts:\n");
            for (LabStatus.HostStatus host : status.hosts()) {
                text.append(
                        String.format(
                                "  %-11s %-10s",
                                host.name(),
                                host.role().name().toLowerCase(java.util.Locale.ROOT)));
                for (Map.Entry<LabNetwork, String> address : host.addresses().entrySet()) {
                    text.append(
                            String.format(
                                    " %s %-15s",
                                    address.getKey().fabricBridge(), address.getValue()));
                }
                text.append(host.present() ? "" : "  (missing)").append('\n');
            }
            text.append("processes:\n");
            for (LabStatus.ProcessStatus process : status.processes()) {
                text.append(
                        String.format(
                                "  %-11s %-14s %-11s pid %-8d %-5s %s%n",
                                process.host(),
                                process.name(),
                                process.kind(),
                                process.pid(),
                                process.alive() ? "alive" : "dead",
                                process.log()));
            }
            if (!status.vms().isEmpty()) {
                text.append("vms:\n");
                for (LabStatus.VmStatus vm : status.vms()) {
                    text.append(
                            String.format(
                                    "  %-12s %-10s port %s mac %s %s%n",
                                    vm.name(),
                                    vm.host(),
                                    vm.portId(),
                                    vm.mac(),
                                    vm.address().isEmpty()
                                            ? (vm.dhcp() ? "(no lease yet)" : "")
                                            : vm.address()));
                }
            }
            text.append("logs: hosts/HOST/log/ under ")
                    .append(status.runDirectory())
                    .append(" (Weft's own logs, and PROCESS.console.log for each one's output)\n");
            String endpoint = status.clientEnvironment().get("OS_ENDPOINT");
            text.append("openstack client (inside the lab, where ");
            status.clientEnvironment()
                    .forEach(
                            (key, value) -> text.append(key).append('=').append(value).append(' '));
            text.append("are set):\n");
            text.append(
                            "  weft lab exec controller -- openstack --os-auth-type none"
                                    + " --os-endpoint ")
                    .append(endpoint)
                    .append(" network list\n");
            return text.toString();
        }
    }
}
