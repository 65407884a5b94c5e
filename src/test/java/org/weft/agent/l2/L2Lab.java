package org.weft.agent.l2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.weft.dataplane.linux.Command;
import org.weft.lab.Lab;
import org.weft.lab.LabDatabase;
import org.weft.lab.LabSpec;
import org.weft.lab.Vm;
import org.weft.lab.VmSpec;

/**
 * A lab for the L2 tests: named {@code wl2e<digits>} (files in {@code /tmp/<name>}), so that no
 * other test's lab is ever touched; a lab of that form left by a crashed earlier run is removed
 * first. It speaks to the API with {@code curl} from the controller, and reads the switches of its
 * hosts with {@code ovs-ofctl}.
 */
final class L2Lab implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);
    private static final String HOSTS = "-(controller|network|compute[0-9]+|upstream|fabric)";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Lab lab;

    private L2Lab(Lab lab) {
        this.lab = lab;
    }

    /** Builds a lab of {@code computeNodes} compute nodes and starts every host's processes. */
    static L2Lab up(int computeNodes) {
        return up("wl2e", computeNodes, built -> {});
    }

    /**
     * As {@link #up(int)}, for a lab named {@code prefix} and digits (leftovers of that form are
     * removed first; the system property {@code weft.test.lab.prefix} goes before the prefix),
     * letting {@code configure} change the built lab's files before any process starts.
     */
    static L2Lab up(String prefix, int computeNodes, java.util.function.Consumer<Lab> configure) {
        // Two runs of one test on one machine (two worktrees) each set a prefix of their own.
        String ours = System.getProperty("weft.test.lab.prefix", "") + prefix;
        removeLeftovers(ours);
        String name = ours + ThreadLocalRandom.current().nextInt(10000, 100000);
        Lab lab =
                Lab.up(
                        new LabSpec(
                                name, computeNodes, LabDatabase.EMBEDDED, Path.of("/tmp", name)));
        L2Lab l2 = new L2Lab(lab);
        try {
            configure.accept(lab);
            lab.start();
            l2.awaitAgents(computeNodes + 1);
            return l2;
        } catch (RuntimeException | Error e) {
            lab.down();
            throw e;
        }
    }

    @Override
    public void close() {
        lab.down();
    }

    // The API, from the controller.

    JsonNode api(String method, String path, String body) {
        Command command =
                body == null
                        ? Command.of("curl", "-sS", "-X", method, lab.apiEndpoint() + path)
                        : Command.of(
                                "curl",
                                "-sS",
                                "-X",
                                method,
                                "-H",
                                "Content-Type: application/json",
                                "-d",
                                body,
                                lab.apiEndpoint() + path);
        String text = Command.of(lab.execCommand("controller", command.argv())).run();
        try {
            return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " answered " + text, e);
        }
    }

    String network(String attributes) {
        JsonNode reply = api("POST", "/v2.0/networks", "{\"network\": " + attributes + "}");
        return id(reply, "network");
    }

    String subnet(String network, String cidr) {
        return subnet(network, cidr, false);
    }

    String subnet(String network, String cidr, boolean dhcp) {
        return id(
                api(
                        "POST",
                        "/v2.0/subnets",
                        "{\"subnet\": {\"network_id\": \""
                                + network
                                + "\", \"cidr\": \""
                                + cidr
                                + "\", \"ip_version\": 4, \"enable_dhcp\": "
                                + dhcp
                                + "}}"),
                "subnet");
    }

    JsonNode port(String network, String host, String ip) {
        String fixed = ip == null ? "" : ", \"fixed_ips\": [{\"ip_address\": \"" + ip + "\"}]";
        JsonNode reply =
                api(
                        "POST",
                        "/v2.0/ports",
                        "{\"port\": {\"network_id\": \""
                                + network
                                + "\", \"binding:host_id\": \""
                                + host
                                + "\", \"device_owner\": \"compute:nova\""
                                + fixed
                                + "}}");
        id(reply, "port");
        return reply.path("port");
    }

    String status(JsonNode port) {
        return api("GET", "/v2.0/ports/" + port.path("id").asText(), null)
                .at("/port/status")
                .asText();
    }

    void awaitActive(JsonNode... ports) {
        for (JsonNode port : ports) {
            await(
                    "port " + port.path("id").asText() + " ACTIVE",
                    () -> status(port).equals("ACTIVE"));
        }
    }

    private void awaitAgents(int count) {
        await(
                count + " Open vSwitch agents alive",
                () -> {
                    int alive = 0;
                    for (JsonNode agent : api("GET", "/v2.0/agents", null).path("agents")) {
                        if (agent.path("agent_type").asText().equals("Open vSwitch agent")
                                && agent.path("alive").asBoolean()) {
                            alive++;
                        }
                    }
                    return alive >= count;
                });
    }

    private static String id(JsonNode reply, String member) {
        String id = reply.path(member).path("id").asText();
        if (id.isEmpty()) {
            throw new AssertionError("create " + member + " failed: " + reply);
        }
        return id;
    }

    // VMs.

    /** A VM on {@code host} plugged into {@code port}, with the port's address. */
    Vm vm(String name, String host, JsonNode port) {
        Vm vm = lab.createVm(VmSpec.of(name, host, port.path("id").asText()));
        in(
                vm,
                "ip",
                "addr",
                "add",
                port.at("/fixed_ips/0/ip_address").asText() + "/24",
                "dev",
                vm.device());
        return vm;
    }

    static String in(Vm vm, String... argv) {
        return Command.of(argv).in(vm.placement()).run();
    }

    static boolean pings(Vm vm, String address, int count) {
        return Command.of("ping", "-c", String.valueOf(count), "-i", "0.2", "-W", "1", address)
                .in(vm.placement())
                .execute()
                .succeeded();
    }

    /** Whether {@code vm} gets an answer from {@code address} within a few tries. */
    static boolean reaches(Vm vm, String address) {
        for (int attempt = 0; attempt < 10; attempt++) {
            if (pings(vm, address, 1)) {
                return true;
            }
        }
        return false;
    }

    // Switches.

    /** The packets port {@code port} of {@code bridge} on {@code host} received and sent. */
    record Counters(long received, long sent) {}

    Counters counters(String host, String bridge, String port) {
        String dump = lab.switchOf(host).ofctl("-O", "OpenFlow14", "dump-ports", bridge, port);
        return new Counters(number(dump, "rx pkts=(\\d+)"), number(dump, "tx pkts=(\\d+)"));
    }

    String flows(String host, String bridge) {
        return lab.switchOf(host).ofctl("-O", "OpenFlow14", "--no-names", "dump-flows", bridge);
    }

    /** How often the agent of {@code host} has finished a full resync, by its log. */
    int resyncs(String host) {
        Path log = lab.host(host).logDirectory().resolve("ovs-agent.log");
        try {
            return Files.exists(log)
                    ? (int)
                            Files.readAllLines(log).stream()
                                    .filter(line -> line.contains("full resync done"))
                                    .count()
                    : 0;
        } catch (IOException e) {
            throw new AssertionError("cannot read " + log, e);
        }
    }

    static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("no " + what + " within " + WAIT);
    }

    private static long number(String text, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("no " + pattern + " in " + text);
        }
        return Long.parseLong(matcher.group(1));
    }

    private static void removeLeftovers(String prefix) {
        Pattern ours = Pattern.compile("(" + prefix + "[0-9]+)" + HOSTS);
        Set<String> leftovers = new LinkedHashSet<>();
        for (String line : Command.of("ip", "netns", "list").run().lines().toList()) {
            Matcher matcher = ours.matcher(line.split("\\s+")[0]);
            if (matcher.matches()) {
                leftovers.add(matcher.group(1));
            }
        }
        for (String name : leftovers) {
            Lab.down(new LabSpec(name, 1, LabDatabase.EMBEDDED, Path.of("/tmp", name)));
        }
    }
}
