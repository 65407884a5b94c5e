package org.weft.bench;

import static org.weft.bench.L2ThroughputBenchmark.api;
import static org.weft.bench.L2ThroughputBenchmark.median;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.weft.dataplane.linux.Command;
import org.weft.lab.Lab;
import org.weft.lab.LabDatabase;
import org.weft.lab.LabHost;
import org.weft.lab.LabSpec;
import org.weft.lab.Vm;
import org.weft.lab.VmSpec;
import picocli.CommandLine.Option;

/**
 * {@code weft bench firewall}: what security groups cost. On one lab, VM-to-VM TCP throughput
 * across the GRE tunnel with each firewall driver ({@code openvswitch}, {@code iptables_hybrid}
 * with the hybrid plugging it needs, {@code noop}) against the same two switches joined by a bare
 * tunnel with only {@code NORMAL}; then, with a group of {@code --rules} rules on {@code --ports}
 * ports of one compute node under each driver, how long one more rule takes to let a connection in,
 * and its deletion to refuse new ones.
 */
@picocli.CommandLine.Command(
        name = "firewall",
        mixinStandardHelpOptions = true,
        description = {
            "VM-to-VM TCP throughput across the tunnel under each firewall driver against noop and"
                    + " a bare NORMAL tunnel (goal: 80 %%), and the time a rule change to a large"
                    + " group takes to apply.",
            "Builds a lab named wsgb<digits> (files in /tmp), removed afterwards; needs root."
        })
public final class FirewallBenchmark extends Benchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DRIVERS = List.of("noop", "openvswitch", "iptables_hybrid");

    @Option(names = "--seconds", defaultValue = "5", description = "Length of each iperf3 run.")
    int seconds;

    @Option(names = "--repeat", defaultValue = "3", description = "Runs of each path (median).")
    int repeat;

    @Option(names = "--rules", defaultValue = "1000", description = "Rules of the large group.")
    int rules;

    @Option(
            names = "--ports",
            defaultValue = "100",
            description = "Ports of the large group; 0 measures throughput only.")
    int ports;

    @Override
    protected BenchReport measure() throws Exception {
        String name = "wsgb" + ThreadLocalRandom.current().nextInt(10000, 100000);
        Lab lab = Lab.up(new LabSpec(name, 2, LabDatabase.EMBEDDED, Path.of("/tmp", name)));
        try {
            lab.start();
            L2ThroughputBenchmark.awaitAgents(lab, 3);
            progress("firewall: lab %s up", name);
            return measureOn(lab);
        } finally {
            lab.down();
        }
    }

    private BenchReport measureOn(Lab lab) throws Exception {
        String network = create(lab, "networks", "network", "{\"name\": \"fw\"}");
        create(
                lab,
                "subnets",
                "subnet",
                "{\"network_id\": \""
                        + network
                        + "\", \"cidr\": \"10.73.0.0/24\", \"ip_version\": 4, \"enable_dhcp\":"
                        + " false}");
        String group = create(lab, "security-groups", "security_group", "{\"name\": \"iperf\"}");
        String project =
                api(lab, "GET", "/v2.0/security-groups/" + group, null)
                        .at("/security_group/tenant_id")
                        .asText();
        api(
                lab,
                "PUT",
                "/v2.0/quotas/" + project,
                "{\"quota\": {\"security_group_rule\": -1, \"port\": -1}}");
        rule(lab, group, "tcp", 5201);
        rule(lab, group, "icmp", null);
        L2ThroughputBenchmark.bareTunnel(lab);
        L2ThroughputBenchmark.awaitPing(lab, "compute1", "wl2bare1", "10.71.0.12");

        Map<String, Double> throughput = new LinkedHashMap<>();
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        List<Double> bare = new ArrayList<>();
        for (String driver : DRIVERS) {
            useDriver(lab, driver, driver);
            boolean hybrid = driver.equals("iptables_hybrid");
            Vm one =
                    vm(
                            lab,
                            network,
                            group,
                            "t1" + driver.charAt(0),
                            "compute1",
                            "10.73.0.11",
                            hybrid);
            Vm two =
                    vm(
                            lab,
                            network,
                            group,
                            "t2" + driver.charAt(0),
                            "compute2",
                            "10.73.0.12",
                            hybrid);
            L2ThroughputBenchmark.awaitPing(lab, one, "10.73.0.12");
            List<Double> runs = new ArrayList<>();
            for (int i = 0; i < repeat; i++) {
                progress("firewall: %s run %d of %d", driver, i + 1, repeat);
                runs.add(
                        L2ThroughputBenchmark.iperf(
                                lab, seconds, two.name(), one.name(), "10.73.0.12"));
                bare.add(
                        L2ThroughputBenchmark.iperf(
                                lab,
                                seconds,
                                "compute2",
                                "compute1",
                                "10.71.0.12",
                                "wl2bare2",
                                "wl2bare1"));
            }
            throughput.put(driver, median(runs));
            json.set(driver + "_bps", JSON.valueToTree(runs));
            unplug(lab, one, two);
        }
        json.set("bare_bps", JSON.valueToTree(bare));
        double bareMedian = median(bare);

        List<String> notes = new ArrayList<>();
        Map<String, double[]> changes = new LinkedHashMap<>();
        if (ports == 0) {
            return report(throughput, bareMedian, changes, notes, json);
        }
        String big = largeGroup(lab);
        for (String driver : List.of("openvswitch", "iptables_hybrid")) {
            try {
                changes.put(driver, largeGroupChange(lab, network, big, driver));
            } catch (IllegalStateException e) {
                // Reported as it is: the other figures of the run stand.
                progress("firewall: %s: %s", driver, e.getMessage());
                notes.add(driver + ": " + e.getMessage());
                lab.stop("compute1", "compute2");
            }
            json.set(driver + "_change_s", JSON.valueToTree(changes.get(driver)));
        }
        return report(throughput, bareMedian, changes, notes, json);
    }

    /**
     * A group of {@link #rules} rules on {@link #ports} ports of compute1 under {@code driver}; the
     * seconds until one added rule lets a connection in, and until its deletion refuses one.
     */
    private double[] largeGroupChange(Lab lab, String network, String group, String driver)
            throws Exception {
        useDriver(lab, driver, "noop");
        boolean hybrid = driver.equals("iptables_hybrid");
        String tag = driver.substring(0, 1);
        List<String> portBodies = new ArrayList<>();
        for (int i = 0; i < ports; i++) {
            portBodies.add(
                    "{\"port\": {\"network_id\": \""
                            + network
                            + "\", \"binding:host_id\": \"compute1\", \"device_owner\":"
                            + " \"compute:nova\", \"security_groups\": [\""
                            + group
                            + "\"], \"fixed_ips\": [{\"ip_address\": \"10.73.0."
                            + (20 + i)
                            + "\"}]}}");
        }
        List<JsonNode> made = many(lab, "/v2.0/ports", portBodies);
        List<Vm> vms = new ArrayList<>();
        for (int i = 0; i < made.size(); i++) {
            JsonNode port = made.get(i).path("port");
            vms.add(
                    lab.createVm(
                            VmSpec.of("b" + tag + i, "compute1", port.path("id").asText())
                                    .withPort(port.path("mac_address").asText(), 1458)
                                    .withHybridPlug(hybrid)));
        }
        Vm probe = vms.get(0);
        Command.of("ip", "addr", "add", "10.73.0.20/24", "dev", probe.device())
                .in(probe.placement())
                .run();
        lab.startWorkload(
                probe.name(),
                "listen-" + probe.name(),
                List.of("socat", "TCP4-LISTEN:22,reuseaddr,fork", "SYSTEM:echo port-22"));
        String open =
                create(
                        lab,
                        "ports",
                        "port",
                        "{\"network_id\": \""
                                + network
                                + "\", \"binding:host_id\": \"compute2\", \"device_owner\":"
                                + " \"compute:nova\", \"port_security_enabled\": false,"
                                + " \"security_groups\": [], \"fixed_ips\": [{\"ip_address\":"
                                + " \"10.73.0.9\"}]}");
        Vm client = lab.createVm(VmSpec.of("c" + tag, "compute2", open).withHybridPlug(false));
        Command.of("ip", "addr", "add", "10.73.0.9/24", "dev", client.device())
                .in(client.placement())
                .run();
        awaitActive(lab, network, ports + 1);
        progress("firewall: %s: %d ports active", driver, ports);
        List<Double> added = new ArrayList<>();
        List<Double> deleted = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            // Each change starts once the agent has finished all it had to do.
            awaitQuiet(lab.host("compute1"));
            Instant start = Instant.now();
            String rule = rule(lab, group, "tcp", 22);
            awaitReach(lab, client, true);
            added.add(Duration.between(start, Instant.now()).toNanos() / 1e9);
            awaitQuiet(lab.host("compute1"));
            start = Instant.now();
            api(lab, "DELETE", "/v2.0/security-group-rules/" + rule, null);
            awaitReach(lab, client, false);
            deleted.add(Duration.between(start, Instant.now()).toNanos() / 1e9);
            progress(
                    "firewall: %s: rule added in %.2f s, deleted in %.2f s",
                    driver, added.get(i), deleted.get(i));
        }
        // Unplugged with the agents stopped, which would otherwise reprogram after every port.
        lab.stop("compute1", "compute2");
        vms.add(client);
        unplug(lab, vms.toArray(Vm[]::new));
        return new double[] {median(added), median(deleted)};
    }

    /** The group of {@link #rules} rules, made once for both drivers. */
    private String largeGroup(Lab lab) throws Exception {
        String group = create(lab, "security-groups", "security_group", "{\"name\": \"big\"}");
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < rules; i++) {
            bodies.add(
                    "{\"security_group_rule\": {\"security_group_id\": \""
                            + group
                            + "\", \"direction\": \"ingress\", \"ethertype\": \"IPv4\","
                            + " \"protocol\": \"tcp\", \"port_range_min\": "
                            + (10000 + i)
                            + ", \"port_range_max\": "
                            + (10000 + i)
                            + ", \"remote_ip_prefix\": \"10.73."
                            + (i % 200)
                            + ".0/24\"}}");
        }
        many(lab, "/v2.0/security-group-rules", bodies);
        progress("firewall: %d rules made", rules);
        return group;
    }

    private void awaitReach(Lab lab, Vm client, boolean reached) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            boolean now =
                    lab.exec(
                                    client.name(),
                                    "socat",
                                    "-T",
                                    "1",
                                    "-",
                                    "TCP:10.73.0.20:22,connect-timeout=0.2")
                            .stdout()
                            .contains("port-22");
            if (now == reached) {
                return;
            }
        }
        throw new IllegalStateException(
                "TCP 22 of the probe never became " + (reached ? "open" : "closed"));
    }

    /** Restarts the compute nodes' agents with {@code compute1} and {@code compute2}'s drivers. */
    private void useDriver(Lab lab, String compute1, String compute2) throws Exception {
        lab.stop("compute1", "compute2");
        lab.configure(
                "compute1",
                "ovs-agent",
                Map.of("securitygroup", Map.of("firewall_driver", compute1)));
        lab.configure(
                "compute2",
                "ovs-agent",
                Map.of("securitygroup", Map.of("firewall_driver", compute2)));
        lab.start("compute1", "compute2");
        Instant deadline = Instant.now().plusSeconds(240);
        while (Instant.now().isBefore(deadline)) {
            int ready = 0;
            for (JsonNode agent : api(lab, "GET", "/v2.0/agents", null).path("agents")) {
                String host = agent.path("host").asText();
                String driver = agent.at("/configurations/firewall_driver").asText();
                if ((host.equals("compute1") && driver.equals(compute1))
                        || (host.equals("compute2") && driver.equals(compute2))) {
                    ready++;
                }
            }
            if (ready == 2) {
                Thread.sleep(1000);
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(
                "agents did not come back with firewall drivers " + compute1);
    }

    /** Waits until the host's agent has logged nothing for two seconds (two minutes at most). */
    private static void awaitQuiet(LabHost host) throws Exception {
        Path log = host.logDirectory().resolve("ovs-agent.log");
        Instant deadline = Instant.now().plusSeconds(120);
        long size = -1;
        while (Instant.now().isBefore(deadline)) {
            long now = Files.size(log);
            if (now == size) {
                return;
            }
            size = now;
            Thread.sleep(2000);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private Vm vm(
            Lab lab,
            String network,
            String group,
            String name,
            String host,
            String ip,
            boolean hybrid)
            throws Exception {
        String port =
                create(
                        lab,
                        "ports",
                        "port",
                        "{\"network_id\": \""
                                + network
                                + "\", \"binding:host_id\": \""
                                + host
                                + "\", \"device_owner\": \"compute:nova\", \"security_groups\": [\""
                                + group
                                + "\"], \"fixed_ips\": [{\"ip_address\": \""
                                + ip
                                + "\"}]}");
        Vm vm = lab.createVm(VmSpec.of(name, host, port).withHybridPlug(hybrid));
        Command.of("ip", "addr", "add", ip + "/24", "dev", vm.device()).in(vm.placement()).run();
        return vm;
    }

    private static void unplug(Lab lab, Vm... vms) throws Exception {
        for (Vm vm : vms) {
            lab.deleteVm(vm.name());
            api(lab, "DELETE", "/v2.0/ports/" + vm.port().portId(), null);
        }
    }

    private static String rule(Lab lab, String group, String protocol, Integer port)
            throws Exception {
        String range =
                port == null
                        ? ""
                        : ", \"port_range_min\": " + port + ", \"port_range_max\": " + port;
        return create(
                lab,
                "security-group-rules",
                "security_group_rule",
                "{\"security_group_id\": \""
                        + group
                        + "\", \"direction\": \"ingress\", \"ethertype\": \"IPv4\", \"protocol\":"
                        + " \""
                        + protocol
                        + "\""
                        + range
                        + "}");
    }

    private static String create(Lab lab, String collection, String member, String attributes)
            throws Exception {
        JsonNode reply =
                api(lab, "POST", "/v2.0/" + collection, "{\"" + member + "\": " + attributes + "}");
        String id = reply.path(member).path("id").asText();
        if (id.isEmpty()) {
            throw new IllegalStateException("create " + member + " failed: " + reply);
        }
        return id;
    }

    /** Many POSTs to {@code path} by one curl on the controller, each answer on a line. */
    private static List<JsonNode> many(Lab lab, String path, List<String> bodies) throws Exception {
        Path config =
                Files.createTempFile(lab.host("controller").stateDirectory(), "bulk", ".curl");
        StringBuilder text = new StringBuilder();
        for (String body : bodies) {
            if (!text.isEmpty()) {
                text.append("next\n");
            }
            text.append("url = \"").append(lab.apiEndpoint()).append(path).append("\"\n");
            text.append("request = \"POST\"\nheader = \"Content-Type: application/json\"\n");
            text.append("write-out = \"\\n\"\nsilent\n");
            text.append("data = \"")
                    .append(body.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\"\n");
        }
        Files.writeString(config, text);
        String out =
                Command.of(lab.execCommand("controller", List.of("curl", "-K", config.toString())))
                        .withTimeout(Duration.ofMinutes(10))
                        .run();
        Files.delete(config);
        List<JsonNode> replies = new ArrayList<>();
        for (String line : out.lines().filter(l -> !l.isBlank()).toList()) {
            JsonNode reply = JSON.readTree(line);
            if (reply.has("NeutronError")) {
                throw new IllegalStateException("create on " + path + " failed: " + reply);
            }
            replies.add(reply);
        }
        if (replies.size() != bodies.size()) {
            throw new IllegalStateException(
                    "asked for "
                            + bodies.size()
                            + " creates on "
                            + path
                            + ", got "
                            + replies.size()
                            + " answers");
        }
        return replies;
    }

    private static void awaitActive(Lab lab, String network, int count) throws Exception {
        Instant deadline = Instant.now().plusSeconds(300);
        while (Instant.now().isBefore(deadline)) {
            int active = 0;
            for (JsonNode port :
                    api(lab, "GET", "/v2.0/ports?network_id=" + network, null).path("ports")) {
                if (port.path("status").asText().equals("ACTIVE")) {
                    active++;
                }
            }
            if (active >= count) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("fewer than " + count + " ports ACTIVE");
    }

    private BenchReport report(
            Map<String, Double> throughput,
            double bare,
            Map<String, double[]> changes,
            List<String> notes,
            ObjectNode json) {
        StringBuilder md = new StringBuilder();
        md.append("iperf3 -t ")
                .append(seconds)
                .append(", ")
                .append(repeat)
                .append(
                        " runs each, median, Gbit/s: VM on compute1 to VM on compute2 through"
                                + " br-int,")
                .append(
                        " br-tun and GRE, in a group that lets iperf3 in, under each driver"
                                + " (iptables_hybrid")
                .append(
                        " with VMs plugged through qbr bridges); the bare tunnel is namespaces on a"
                                + " NORMAL")
                .append(
                        " bridge on each of the same two switches, joined by a GRE port of their"
                                + " own,")
                .append(" measured between the driver runs. MTU 1458.\n\n");
        md.append("| firewall_driver | Gbit/s | ÷ noop | ÷ bare tunnel | goal 80 % of bare |\n");
        md.append("| --- | --- | --- | --- | --- |\n");
        double noop = throughput.get("noop");
        for (Map.Entry<String, Double> entry : throughput.entrySet()) {
            double ratio = entry.getValue() / bare;
            md.append(
                    String.format(
                            "| %s | %.3f | %.0f %% | %.0f %% | %s |%n",
                            entry.getKey(),
                            entry.getValue() / 1e9,
                            100 * entry.getValue() / noop,
                            100 * ratio,
                            ratio >= 0.8 ? "met" : "missed"));
        }
        md.append(String.format("| bare tunnel (NORMAL) | %.3f | | | |%n%n", bare / 1e9));
        if (ports > 0) {
            rulesChangeReport(md, changes, notes);
        }
        return new BenchReport(
                "Firewall drivers: throughput and rule changes", md.toString(), json);
    }

    private void rulesChangeReport(
            StringBuilder md, Map<String, double[]> changes, List<String> notes) {
        md.append("A group of ")
                .append(rules)
                .append(" rules on ")
                .append(ports)
                .append(" ports of compute1 (each a VM); seconds from the API call until a client")
                .append(
                        " VM's TCP connection to one of the ports gets in (rule added) and is"
                                + " refused")
                .append(" (rule deleted), polled with socat (connect timeout 0.2 s):\n\n");
        md.append("Median of ")
                .append(repeat)
                .append(" changes, each once the agent was idle.\n\n");
        md.append("| firewall_driver | rule added | rule deleted |\n| --- | --- | --- |\n");
        changes.forEach(
                (driver, times) ->
                        md.append(
                                String.format(
                                        "| %s | %.2f s | %.2f s |%n", driver, times[0], times[1])));
        notes.forEach(note -> md.append("\n- not measured: ").append(note).append('\n'));
    }
}
