package org.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.IpRoute2;
import org.weft.dataplane.linux.Placement;

/**
 * {@code weft cleanup netns} on real namespaces named {@code wop-q…} (the agents' {@code qdhcp-}
 * and {@code qrouter-} given as prefixes, so no namespace of anyone else is in reach): only names
 * of Weft's shape go, empty ones by default, busy ones with {@code --force}, their processes
 * stopped.
 */
class CleanupCommandTest {
    private static final String DHCP = "wop-qdhcp-5b0e4c1a-1111-4a2b-9c3d-aaaaaaaaaaaa";
    private static final String ROUTER = "wop-qrouter-5b0e4c1a-2222-4a2b-9c3d-bbbbbbbbbbbb";
    private static final String NOT_A_UUID = "wop-qdhcp-scratch";
    private static final String OTHER = "wop-other-5b0e4c1a-3333-4a2b-9c3d-cccccccccccc";
    private static final List<String> ALL = List.of(DHCP, ROUTER, NOT_A_UUID, OTHER);

    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void makeNamespaces() {
        deleteNamespaces();
        ALL.forEach(name -> Command.of("ip", "netns", "add", name).run());
    }

    @AfterEach
    void removeNamespaces() {
        started.forEach(Process::destroyForcibly);
        deleteNamespaces();
    }

    @Test
    void emptyNamespacesOfWeftsShapeGoAndBusyOnesStayWithoutForce() throws Exception {
        Process dnsmasqStandIn = startIn(ROUTER);

        String output = cleanup("netns");

        assertThat(output)
                .startsWith("0 ")
                .contains("removed " + DHCP)
                .doesNotContain("removed " + ROUTER);
        assertThat(namespaces()).doesNotContain(DHCP).contains(ROUTER, NOT_A_UUID, OTHER);
        assertThat(dnsmasqStandIn.isAlive()).isTrue();
    }

    @Test
    void forceStopsTheProcessesInsideAndRemovesTheNamespaceWithItsDevices() throws Exception {
        Process dnsmasqStandIn = startIn(ROUTER);
        Command.of("ip", "link", "add", "qr-wop", "type", "veth", "peer", "name", "qr-wop-peer")
                .in(Placement.netns(ROUTER))
                .run();

        String output = cleanup("netns", "--force");

        assertThat(output).contains("removed " + DHCP, "removed " + ROUTER);
        assertThat(namespaces()).doesNotContain(DHCP, ROUTER).contains(NOT_A_UUID, OTHER);
        assertThat(dnsmasqStandIn.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void dryRunListsWeftsNamespacesAndRemovesNothing() {
        assertThat(cleanup("netns", "--dry-run", "--force"))
                .contains("found " + DHCP, "found " + ROUTER)
                .doesNotContain(NOT_A_UUID, OTHER);
        assertThat(namespaces()).containsAll(ALL);
    }

    @Test
    void ovsCleanupSaysWhichOptionsItTakes() {
        assertThat(cleanupWithoutPrefixes("ovs", "--help"))
                .startsWith("0 ")
                .contains("--ovsdb", "--dry-run", "weft-owner");
    }

    private Process startIn(String namespace) throws Exception {
        Process process =
                new ProcessBuilder("ip", "netns", "exec", namespace, "sleep", "300").start();
        started.add(process);
        return process;
    }

    private static String cleanup(String... arguments) {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.addAll(
                List.of("--namespace-prefix", "wop-qdhcp-", "--namespace-prefix", "wop-qrouter-"));
        return cleanupWithoutPrefixes(all.toArray(String[]::new));
    }

    private static String cleanupWithoutPrefixes(String... arguments) {
        StringWriter out = new StringWriter();
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(printed, true));
        int status;
        try {
            picocli.CommandLine line = Main.commandLine();
            line.setOut(new PrintWriter(out));
            line.setErr(new PrintWriter(out));
            List<String> argv = new ArrayList<>(List.of("cleanup"));
            argv.addAll(List.of(arguments));
            status = line.execute(argv.toArray(String[]::new));
        } finally {
            System.setOut(saved);
        }
        return status + " " + out + printed;
    }

    private static List<String> namespaces() {
        return IpRoute2.in(Placement.here()).namespaces();
    }

    private static void deleteNamespaces() {
        List<String> present = namespaces();
        for (String name : ALL) {
            if (present.contains(name)) {
                Command.of("ip", "netns", "delete", name).execute();
            }
        }
    }
}
