package org.weft.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.dataplane.linux.NamespaceCleanup;
import org.weft.demo.DemoScenario;
import org.weft.demo.Step;

/**
 * The network node of the guide's cloud (lab {@code wopreboot}) rebooted as far as Weft can tell:
 * its agents stopped, its {@code qdhcp-}/{@code qrouter-} namespaces and every process in them
 * gone, its switch (and the ports it still lists) kept. Starting its agents again, with no other
 * step, brings back DHCP, routing with SNAT and the floating IP.
 */
@Tag("lab")
class NetworkNodeRebootTest {
    private static final LabSpec SPEC =
            new LabSpec("wopreboot", 2, LabDatabase.EMBEDDED, Path.of("/tmp/wop-reboot"));
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static Lab lab;
    private static Map<String, String> ids;

    @BeforeAll
    static void cloudWorksBeforeTheReboot() {
        Lab.down(SPEC);
        lab = Lab.up(SPEC);
        lab.start();
        DemoScenario scenario = new DemoScenario(lab, System.out);
        List<Step> steps = scenario.run();
        // What this test needs of the demo: leases, SNAT and the floating IP.
        for (String needed : List.of("leases:", "SNAT:", "floating IP on vm1:")) {
            assertThat(steps)
                    .as("the demo's step %s", needed)
                    .anySatisfy(
                            step -> {
                                assertThat(step.name()).startsWith(needed);
                                assertThat(step.passed()).isTrue();
                            });
        }
        ids = scenario.ids();
    }

    @AfterAll
    static void down() {
        Lab.down(SPEC);
    }

    @Test
    void restartedAgentsRestoreDhcpRoutingAndFloatingIpsWithoutAnyOtherStep() {
        lab.stop("network");
        List<String> gone =
                new NamespaceCleanup(lab.placement("network"), NamespaceCleanup.AGENT_PREFIXES)
                        .remove(true);
        assertThat(gone).anyMatch(name -> name.startsWith("qdhcp-"));
        assertThat(gone).anyMatch(name -> name.startsWith("qrouter-"));

        lab.start("network");

        await(
                "vm1 to get a lease again",
                () ->
                        lab.exec(
                                        "vm1",
                                        "busybox",
                                        "udhcpc",
                                        "-n",
                                        "-q",
                                        "-i",
                                        "eth0",
                                        "-t",
                                        "3",
                                        "-T",
                                        "2",
                                        "-s",
                                        "/bin/true")
                                .succeeded());
        await("vm1 to reach upstream through its router", () -> pings("vm1", "192.168.100.1"));
        await(
                "upstream to reach vm1's floating IP",
                () -> pings("upstream", ids.get("floating-ip")));
    }

    private static boolean pings(String host, String address) {
        return lab.exec(host, "ping", "-c", "1", "-W", "1", address).succeeded();
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(LIMIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        "no " + what + " within " + LIMIT + "; logs: " + SPEC.runDirectory());
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
