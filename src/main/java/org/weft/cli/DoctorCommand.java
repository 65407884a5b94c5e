package org.weft.cli;

import ch.qos.logback.classic.Level;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import org.weft.config.CommonOptions;
import org.weft.config.Config;
import org.weft.dataplane.linux.Placement;
import org.weft.doctor.CheckResult;
import org.weft.doctor.Doctor;
import org.weft.doctor.DoctorContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weft doctor}: checks this host as the install guide sets one up, and says what to fix. */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Checks this host for what Weft's agents need: IP forwarding, Open vSwitch and what it"
                    + " can do, the external bridge, local_ip, the controller's API and clock.",
            "Exits with status 1 if any check fails."
        })
final class DoctorCommand implements Callable<Integer> {
    @Mixin ConfigFiles configFiles;

    @Spec CommandSpec spec;

    @Option(
            names = "--network-node",
            description =
                    "This host is a network node (routers, DHCP): also check IP forwarding"
                            + " and the external bridge.")
    boolean networkNode;

    @Option(
            names = "--server-url",
            paramLabel = "URL",
            description = "The controller's Networking API; overrides [neutron] url.")
    URI serverUrl;

    @Override
    public Integer call() {
        Config config = configFiles.load("weft-doctor");
        quietLogs(config);
        DoctorContext.Settings settings =
                new DoctorContext.Settings(
                        networkNode,
                        Optional.ofNullable(serverUrl),
                        Placement.here(),
                        java.time.Clock.systemUTC());
        List<CheckResult> results;
        try (DoctorContext context = new DoctorContext(config, settings)) {
            results = Doctor.forHost().run(context);
        }
        PrintWriter out = spec.commandLine().getOut();
        results.forEach(result -> out.println(result.render()));
        long failed = results.stream().filter(CheckResult::failed).count();
        out.println(failed == 0 ? "no problems found" : failed + " problem(s) found");
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    // The report says what the checks found; their log lines would only repeat it.
    private static void quietLogs(Config config) {
        if (!config.get(CommonOptions.DEBUG)) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.weft"))
                    .setLevel(Level.ERROR);
        }
    }
}
