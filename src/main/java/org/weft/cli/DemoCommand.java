package org.weft.cli;

import java.util.List;
import org.weft.config.Config;
import org.weft.config.Logging;
import org.weft.demo.Demo;
import org.weft.demo.Step;
import org.weft.lab.LabCommand;
import org.weft.lab.LabDatabase;
import org.weft.lab.LabSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft demo}: the install guide's four-node cloud, end to end, on this machine. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "The install guide's cloud, end to end, on this machine.",
            "Builds the guide's four-node cloud in namespaces (weft lab up, weft lab start),"
                    + " drives it with the real clients inside the controller, checks what a"
                    + " tenant would see, and prints a table of the steps. Exits non-zero if one"
                    + " failed."
        })
final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    @Option(
            names = "--keep",
            description = "Leave the cloud up afterwards (weft lab down removes it).")
    boolean keep;

    @Option(
            names = "--guide",
            description =
                    "Run the cloud as the guide writes it: the server on MariaDB with the guide's"
                            + " sql_connection, Keystone on the controller, the tenant's steps"
                            + " as the tenant user demo.")
    boolean guide;

    @Override
    public Integer call() {
        // The demo's own log goes to a file: the console shows the steps.
        Logging.configure(
                Config.fromText("demo.conf", "[DEFAULT]\nlog_dir = run\nlog_file = demo.log\n"),
                "weft-demo");
        String name = LabCommand.DEFAULT_NAME;
        LabSpec spec = LabSpec.of(name, LabSpec.defaultRunDirectory(name));
        if (guide) {
            spec = spec.withDatabase(LabDatabase.MARIADB).withKeystone();
        }
        List<Step> steps = new Demo(spec, keep, System.out).run();

        System.out.println();
        System.out.print(Demo.table(steps));
        boolean passed = steps.stream().allMatch(Step::passed);
        if (!passed) {
            Step failed = steps.stream().filter(step -> !step.passed()).findFirst().orElseThrow();
            System.out.println();
            System.out.println("FAILED: " + failed.name() + ": " + failed.detail());
            System.out.println(
                    "Logs: "
                            + (keep ? spec.runDirectory() + "/hosts" : Demo.keptLogs())
                            + "/<host>/ (the server on controller, agents on network and compute"
                            + " hosts); the demo's own: run/demo.log"
                            + (keep ? "" : "; rerun with --keep to look at the cloud"));
        } else if (keep) {
            System.out.println();
            System.out.println("The cloud is up. Explore it:");
            System.out.println("  ./weft lab status");
            System.out.println("  ./weft lab exec vm1 -- ping -c 3 192.168.100.1");
            System.out.println("  ./weft lab exec controller -- openstack network list");
            if (guide) {
                System.out.println(
                        "  ./weft lab exec controller -- env OS_USERNAME=demo OS_PASSWORD=demo"
                                + " OS_PROJECT_NAME=demo openstack router list   # as the tenant");
            }
            System.out.println("  ./weft lab down      # removes everything");
        }
        return passed ? 0 : 1;
    }
}
