package org.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.dataplane.linux.ChildProcess;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;
import org.weft.lab.internal.DhcpClient;
import org.weft.lab.internal.ProcessSweep;
import org.weft.lab.internal.WeftLauncher;

/**
 * {@code weft all-in-one} as a person tries it: started on a host (a network namespace of the
 * test's own, with a private {@code /run/netns}), driven by the real {@code openstack} client, with
 * a VM namespace plugged into its switch by {@code weft vif plug} that takes a lease and reaches
 * its router.
 */
@Tag("lab")
class AllInOneTest {
    private static final String HOST = "waio-host";
    private static final Path RUN = Path.of("target", "waio").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ChildProcess allInOne;
    private static Placement host;

    @BeforeAll
    static void startOnAHostOfItsOwn() throws IOException {
        removeLeftovers();
        Command.of("ip", "netns", "add", HOST).run();
        Command.of("ip", "link", "set", "lo", "up").in(Placement.netns(HOST)).run();
        Files.createDirectories(RUN);
        Files.writeString(RUN.resolve("host.conf"), "[DEFAULT]\nhost = waio\n");

        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "ip",
                                "netns",
                                "exec",
                                HOST,
                                "unshare",
                                "--mount",
                                "--propagation",
                                "private",
                                "sh",
                                "-c",
                                "mount -t tmpfs weft-aio /run/netns && exec \"$@\"",
                                "sh"));
        argv.addAll(
                WeftLauncher.command(
                        List.of(
                                "all-in-one",
                                "--run-dir",
                                RUN.toString(),
                                "--config-file",
                                RUN.resolve("host.conf").toString())));
        allInOne =
                ChildProcess.start(
                        "weft all-in-one", argv, RUN.resolve("all-in-one.log"), Map.of());
        String pid = Long.toString(allInOne.pid());
        host =
                Placement.host(
                        Path.of("/proc", pid, "ns", "mnt"), Path.of("/proc", pid, "ns", "net"));
        await(
                "every agent alive",
                () -> aliveAgents().size() == 4 ? Optional.of(true) : Optional.empty());
    }

    @AfterAll
    static void stop() {
        if (allInOne != null) {
            allInOne.stop(Duration.ofSeconds(20));
        }
        removeLeftovers();
    }

    @Test
    void everyAgentReportsFromTheOneProcess() {
        assertThat(aliveAgents())
                .containsExactlyInAnyOrder(
                        "Open vSwitch agent", "DHCP agent", "L3 agent", "Metadata agent");
    }

    @Test
    void vmPluggedIntoItsSwitchTakesALeaseAndReachesItsRouter() throws IOException {
        openstack("network", "create", "aio-net");
        openstack(
                "subnet",
                "create",
                "aio-subnet",
                "--network",
                "aio-net",
                "--subnet-range",
                "10.77.0.0/24");
        openstack("router", "create", "aio-router");
        Command.of(client("router", "add", "subnet", "aio-router", "aio-subnet"))
                .in(Placement.netns(HOST))
                .run();
        JsonNode port =
                openstack(
                        "port",
                        "create",
                        "aio-vm1",
                        "--network",
                        "aio-net",
                        "--host",
                        "waio",
                        "--device-owner",
                        "compute:nova",
                        "--device",
                        UUID.randomUUID().toString());
        String address = port.path("fixed_ips").path(0).path("ip_address").asText();

        Command.of("ip", "netns", "add", "vm1").in(host).run();
        List<String> plug =
                new ArrayList<>(
                        WeftLauncher.command(
                                List.of(
                                        "vif",
                                        "plug",
                                        port.path("id").asText(),
                                        "--ovsdb",
                                        "unix:" + RUN.resolve("ovs/db.sock"),
                                        "--api",
                                        "http://127.0.0.1:9696",
                                        "--netns",
                                        "vm1")));
        Command.of(plug).in(host).run();
        Placement vm = host.namespace("vm1");
        Path vmFiles = RUN.resolve("vm1");
        ChildProcess client = DhcpClient.start("vm1", vm, "eth0", vmFiles);
        try {
            Map<String, String> lease = await("a lease in vm1", () -> DhcpClient.lease(vmFiles));

            assertThat(lease).containsEntry("ip", address).containsEntry("router", "10.77.0.1");
            assertThat(
                            Command.of("ping", "-c", "2", "-W", "2", "10.77.0.1")
                                    .in(vm)
                                    .execute()
                                    .succeeded())
                    .as("vm1 pings its router")
                    .isTrue();
        } finally {
            client.stop(Duration.ofSeconds(5));
        }
    }

    private static List<String> aliveAgents() {
        Command.Result result =
                Command.of(client("network", "agent", "list", "-f", "json"))
                        .in(Placement.netns(HOST))
                        .execute();
        if (!result.succeeded()) {
            return List.of();
        }
        try {
            List<String> alive = new ArrayList<>();
            for (JsonNode agent : JSON.readTree(result.stdout())) {
                if (agent.path("Alive").asBoolean()) {
                    alive.add(agent.path("Agent Type").asText());
                }
            }
            return alive;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Runs an {@code openstack} command that shows what it made, and returns that. */
    private static JsonNode openstack(String... arguments) throws IOException {
        List<String> argv = new ArrayList<>(List.of(arguments));
        argv.addAll(List.of("-f", "json"));
        return JSON.readTree(
                Command.of(client(argv.toArray(String[]::new))).in(Placement.netns(HOST)).run());
    }

    private static List<String> client(String... arguments) {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "env",
                                "OS_AUTH_TYPE=none",
                                "OS_ENDPOINT=http://127.0.0.1:9696/",
                                "/usr/bin/openstack"));
        argv.addAll(List.of(arguments));
        return argv;
    }

    private static <T> T await(String what, Supplier<Optional<T>> probe) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (allInOne != null && !allInOne.isAlive()) {
                throw new AssertionError(
                        "weft all-in-one ended; see " + RUN.resolve("all-in-one.log"));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError(
                "no " + what + " within 90 s; see " + RUN.resolve("all-in-one.log"));
    }

    /**
     * What this test or a crashed run of it left: processes on the test's host, or naming its run
     * directory (the switch, dnsmasq, haproxy), then the host's namespace. The namespaces the
     * agents made are in the host's private /run/netns and go with its last process.
     */
    private static void removeLeftovers() {
        Set<Long> pids = new LinkedHashSet<>();
        if (Files.exists(Path.of("/run/netns", HOST))) {
            pids.addAll(
                    ProcessSweep.processesIn(ProcessSweep.namespaces(List.of(HOST), List.of())));
        }
        pids.addAll(ProcessSweep.processesNaming(RUN));
        ProcessSweep.stop(new ArrayList<>(pids), Duration.ofSeconds(5));
        Command.of("ip", "netns", "delete", HOST).execute();
        Command.of("rm", "-rf", RUN.toString()).execute();
    }
}
