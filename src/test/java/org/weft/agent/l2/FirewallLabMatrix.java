package org.weft.agent.l2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.weft.lab.Vm;

/**
 * Security groups enforced end to end on the lab, the same matrix for each firewall driver (a
 * subclass per driver, one lab each): a server VM on compute1, a client and a stranger on compute2,
 * a VM without port security on compute1, on one network with IPv4 and IPv6. Every refused case has
 * a listener on the target and an allowed twin in the same test, and the refusal is read off the
 * driver's own drop counter for that port, so no case passes because nothing listened.
 */
abstract class FirewallLabMatrix {
    static final Duration SETTLE = Duration.ofSeconds(40);
    static final String S4 = "10.31.0.11";
    static final String S6 = "fd31::11";
    static final String C4 = "10.31.0.21";
    static final String C6 = "fd31::21";
    static final String X4 = "10.31.0.31";
    static final String O4 = "10.31.0.41";

    static L2Lab lab;
    static String serverGroup;
    static String clientGroup;
    static String strangerGroup;
    static JsonNode serverPort;
    static JsonNode clientPort;
    static JsonNode strangerPort;
    static JsonNode openPort;
    static Vm server;
    static Vm client;
    static Vm stranger;
    static Vm open;

    /** What the driver's flows or rules refused of the port's incoming traffic. */
    abstract long ingressDrops(String host, JsonNode port);

    /** What they refused of the port's outgoing traffic. */
    abstract long egressDrops(String host, JsonNode port);

    /** What anti-spoofing refused on the host of the port. */
    abstract long spoofDrops(String host, JsonNode port);

    /** Builds the lab's cloud: groups, ports, VMs and their listeners. */
    static void buildCloud(L2Lab built) {
        lab = built;
        String network = lab.network("{\"name\": \"sg\"}");
        lab.subnet(network, "10.31.0.0/24");
        lab.api(
                "POST",
                "/v2.0/subnets",
                "{\"subnet\": {\"network_id\": \""
                        + network
                        + "\", \"cidr\": \"fd31::/64\", \"ip_version\": 6, \"enable_dhcp\":"
                        + " false}}");
        serverGroup = group("server");
        clientGroup = group("client");
        strangerGroup = group("stranger");
        for (JsonNode rule :
                lab.api("GET", "/v2.0/security-group-rules?security_group_id=" + serverGroup, null)
                        .path("security_group_rules")) {
            lab.api("DELETE", "/v2.0/security-group-rules/" + rule.path("id").asText(), null);
        }
        rule(serverGroup, "ingress", "IPv4", "tcp", 22, 22, null);
        rule(serverGroup, "ingress", "IPv6", "tcp", 22, 22, null);
        rule(serverGroup, "ingress", "IPv4", "udp", 5353, 5353, null);
        rule(serverGroup, "ingress", "IPv6", "udp", 5363, 5363, null);
        ruleFromGroup(serverGroup, "ingress", "IPv4", "icmp", clientGroup);
        rule(serverGroup, "egress", "IPv4", "tcp", 80, 80, null);
        rule(serverGroup, "egress", "IPv4", "17", 5000, 5000, "10.31.0.0/24");
        rule(clientGroup, "ingress", "IPv4", "tcp", null, null, null);
        rule(clientGroup, "ingress", "IPv4", "udp", null, null, null);
        rule(clientGroup, "ingress", "IPv4", "icmp", null, null, null);

        serverPort = port(network, "compute1", "[\"" + serverGroup + "\"]", true, S4, S6);
        clientPort = port(network, "compute2", "[\"" + clientGroup + "\"]", true, C4, C6);
        strangerPort = port(network, "compute2", "[\"" + strangerGroup + "\"]", true, X4, null);
        openPort = port(network, "compute1", "[]", false, O4, null);
        server = lab.vm("srv", "compute1", serverPort);
        client = lab.vm("cli", "compute2", clientPort);
        stranger = lab.vm("str", "compute2", strangerPort);
        open = lab.vm("opn", "compute1", openPort);
        L2Lab.in(server, "ip", "-6", "addr", "add", S6 + "/64", "dev", server.device(), "nodad");
        L2Lab.in(client, "ip", "-6", "addr", "add", C6 + "/64", "dev", client.device(), "nodad");
        for (int tcp : List.of(22, 23, 8080)) {
            listen(server, "TCP6", tcp);
        }
        listen(server, "UDP4", 5353);
        listen(server, "UDP4", 5354);
        listen(server, "UDP6", 5363);
        listen(server, "UDP6", 5364);
        listen(client, "TCP4", 80);
        listen(client, "TCP4", 81);
        listen(client, "UDP4", 5000);
        listen(client, "UDP4", 5001);
        listen(open, "TCP4", 23);
        lab.awaitActive(serverPort, clientPort, strangerPort, openPort);
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void tcpIngressPassesOnTheAllowedPortOnlyOverIpv4AndIpv6() {
        awaitTrue("client reaches the server's TCP 22", () -> tcp(client, S4, 22));
        awaitTrue("client reaches the server's TCP 22 over IPv6", () -> tcp(client, S6, 22));

        assertRefused(() -> ingressDrops("compute1", serverPort), () -> tcp(client, S4, 23));
        assertRefused(() -> ingressDrops("compute1", serverPort), () -> tcp(client, S6, 23));
    }

    @Test
    void udpIngressPassesOnTheAllowedPortOnly() {
        awaitTrue("client reaches the server's UDP 5353", () -> udp(client, S4, 5353));

        assertRefused(() -> ingressDrops("compute1", serverPort), () -> udp(client, S4, 5354));
    }

    @Test
    void udpAndIcmpOverIpv6FollowTheRules() {
        awaitTrue("client reaches the server's UDP 5363 over IPv6", () -> udp(client, S6, 5363));
        assertRefused(() -> ingressDrops("compute1", serverPort), () -> udp(client, S6, 5364));
        assertRefused(() -> ingressDrops("compute1", serverPort), () -> ping(client, S6));

        // Plain "icmp" on an IPv6 rule means ICMPv6, as in Neutron.
        String echo = ruleFromGroup(serverGroup, "ingress", "IPv6", "icmp", clientGroup);
        try {
            awaitTrue("a client pings the server over IPv6", () -> ping(client, S6));
        } finally {
            lab.api("DELETE", "/v2.0/security-group-rules/" + echo, null);
        }
    }

    @Test
    void egressPassesOnlyWhatTheRulesAllowAndRepliesToAllowedIngressPass() {
        awaitTrue("server reaches the client's TCP 80", () -> tcp(server, C4, 80));
        awaitTrue("server reaches the client's UDP 5000", () -> udp(server, C4, 5000));
        awaitTrue("client pings the server (the echo reply leaves)", () -> ping(client, S4));

        assertRefused(() -> egressDrops("compute1", serverPort), () -> tcp(server, C4, 81));
        assertRefused(() -> egressDrops("compute1", serverPort), () -> udp(server, C4, 5001));
        assertRefused(() -> egressDrops("compute1", serverPort), () -> ping(server, C4));
    }

    @Test
    void remoteGroupMembershipFollowsThePorts() {
        awaitTrue("a client pings the server", () -> ping(client, S4));
        assertRefused(() -> ingressDrops("compute1", serverPort), () -> ping(stranger, S4));

        groups(strangerPort, strangerGroup, clientGroup);
        awaitTrue("the stranger, now a client, pings the server", () -> ping(stranger, S4));

        groups(strangerPort, strangerGroup);
        awaitTrue("the stranger, a client no more, is refused", () -> !ping(stranger, S4));
        assertRefused(() -> ingressDrops("compute1", serverPort), () -> ping(stranger, S4));
        assertThat(ping(client, S4)).isTrue();
    }

    @Test
    void deletedRuleStopsNewConnections() {
        String rule = rule(serverGroup, "ingress", "IPv4", "tcp", 8080, 8080, null);
        awaitTrue("client reaches the server's TCP 8080", () -> tcp(client, S4, 8080));

        lab.api("DELETE", "/v2.0/security-group-rules/" + rule, null);
        awaitTrue("TCP 8080 refused once its rule is gone", () -> !tcp(client, S4, 8080));

        assertRefused(() -> ingressDrops("compute1", serverPort), () -> tcp(client, S4, 8080));
        assertThat(tcp(client, S4, 22)).isTrue();
    }

    @Test
    void spoofedSourceIsDropped() {
        awaitTrue("client pings the server from its own address", () -> ping(client, S4));
        L2Lab.in(client, "ip", "addr", "add", "10.31.0.99/24", "dev", client.device());
        try {
            assertRefused(
                    () -> spoofDrops("compute2", clientPort),
                    () -> pingFrom(client, "10.31.0.99", S4));
            assertThat(ping(client, S4)).isTrue();
        } finally {
            L2Lab.in(client, "ip", "addr", "del", "10.31.0.99/24", "dev", client.device());
        }
    }

    @Test
    void portWithoutPortSecurityIsOpen() {
        awaitTrue("client reaches TCP 23 of the open VM", () -> tcp(client, O4, 23));
        awaitTrue("stranger pings the open VM", () -> ping(stranger, O4));
        assertRefused(() -> ingressDrops("compute1", serverPort), () -> tcp(client, S4, 23));
    }

    @Test
    void portWithoutPortSecurityMaySendFromAnyAddress() {
        L2Lab.in(open, "ip", "addr", "add", "10.31.0.98/24", "dev", open.device());
        L2Lab.in(client, "ip", "addr", "add", "10.31.0.99/24", "dev", client.device());
        try {
            awaitTrue(
                    "the open VM pings the client from an address not its own",
                    () -> pingFrom(open, "10.31.0.98", C4));
            // The client knows the open VM's MAC from a ping of its own, so that what is refused
            // next is the spoofed IP packet, not its ARP request.
            awaitTrue("the client pings the open VM", () -> ping(client, O4));
            assertRefused(
                    () -> spoofDrops("compute2", clientPort),
                    () -> pingFrom(client, "10.31.0.99", O4));
        } finally {
            L2Lab.in(open, "ip", "addr", "del", "10.31.0.98/24", "dev", open.device());
            L2Lab.in(client, "ip", "addr", "del", "10.31.0.99/24", "dev", client.device());
        }
    }

    @Test
    void establishedConnectionSurvivesUnrelatedRuleChanges() throws Exception {
        String stream = rule(serverGroup, "ingress", "IPv4", "tcp", 2222, 2222, null);
        java.nio.file.Path received =
                lab.lab.host("compute1").logDirectory().resolve("received-2222.txt");
        listen(server, "TCP6", 2223);
        var sink =
                lab.lab.startWorkload(
                        server.name(),
                        "sink-2222",
                        List.of("socat", "-u", "TCP4-LISTEN:2222,reuseaddr", "CREATE:" + received));
        var ticks =
                lab.lab.startWorkload(
                        client.name(),
                        "ticks-2222",
                        List.of(
                                "sh",
                                "-c",
                                "while :; do echo tick; sleep 0.1; done | socat -u -"
                                        + " TCP4:"
                                        + S4
                                        + ":2222,retry=100,interval=0.2"));
        try {
            awaitTrue("ticks arrive over one connection", () -> lines(received) > 5);

            String unrelated = rule(serverGroup, "ingress", "IPv4", "tcp", 2223, 2223, null);
            awaitTrue("the new rule lets TCP 2223 in", () -> tcp(client, S4, 2223));
            lab.api("DELETE", "/v2.0/security-group-rules/" + unrelated, null);
            awaitTrue("TCP 2223 refused again", () -> !tcp(client, S4, 2223));
            rule(clientGroup, "ingress", "IPv4", "tcp", 2224, 2224, null);
            long before = lines(received);

            awaitTrue(
                    "ticks still arrive on the same connection",
                    () -> lines(received) > before + 5);
            assertThat(ticks.isAlive()).as("the sender's connection is still open").isTrue();
        } finally {
            ticks.stop(Duration.ofSeconds(2));
            sink.stop(Duration.ofSeconds(2));
            lab.api("DELETE", "/v2.0/security-group-rules/" + stream, null);
        }
    }

    @Test
    void deletedRuleCutsEstablishedConnection() {
        String cut = rule(serverGroup, "ingress", "IPv4", "tcp", 2230, 2230, null);
        String kept = rule(serverGroup, "ingress", "IPv4", "tcp", 2231, 2231, null);
        java.nio.file.Path cutReceived = received(2230);
        java.nio.file.Path keptReceived = received(2231);
        List<org.weft.dataplane.linux.ChildProcess> streams = new java.util.ArrayList<>();
        try {
            for (int port : List.of(2230, 2231)) {
                streams.add(sink(port, received(port)));
                streams.add(ticks(port));
            }
            awaitTrue(
                    "ticks arrive over both connections",
                    () -> lines(cutReceived) > 5 && lines(keptReceived) > 5);
            long drops = ingressDrops("compute1", serverPort);

            lab.api("DELETE", "/v2.0/security-group-rules/" + cut, null);
            awaitTrue(
                    "ticks over the deleted rule's connection stop",
                    () -> quietFor(cutReceived, Duration.ofSeconds(2)));
            long cutLines = lines(cutReceived);
            awaitTrue(
                    "what it sends is dropped", () -> ingressDrops("compute1", serverPort) > drops);
            long keptLines = lines(keptReceived);

            awaitTrue(
                    "ticks still arrive over the kept rule's connection",
                    () -> lines(keptReceived) > keptLines + 10);
            assertThat(lines(cutReceived)).as("ticks over the cut connection").isEqualTo(cutLines);
        } finally {
            streams.forEach(stream -> stream.stop(Duration.ofSeconds(2)));
            lab.api("DELETE", "/v2.0/security-group-rules/" + kept, null);
        }
    }

    /** Whether {@code file} gets no line for {@code quiet}. */
    private static boolean quietFor(java.nio.file.Path file, Duration quiet) {
        long before = lines(file);
        try {
            Thread.sleep(quiet.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
        return lines(file) == before;
    }

    private static java.nio.file.Path received(int port) {
        return lab.lab.host("compute1").logDirectory().resolve("received-" + port + ".txt");
    }

    /** One connection's receiver on the server, writing what it gets to {@code file}. */
    private static org.weft.dataplane.linux.ChildProcess sink(int port, java.nio.file.Path file) {
        return lab.lab.startWorkload(
                server.name(),
                "sink-" + port,
                List.of("socat", "-u", "TCP4-LISTEN:" + port + ",reuseaddr", "CREATE:" + file));
    }

    /** A line every 0.1 s from the client to the server's {@code port}, over one connection. */
    private static org.weft.dataplane.linux.ChildProcess ticks(int port) {
        return lab.lab.startWorkload(
                client.name(),
                "ticks-" + port,
                List.of(
                        "sh",
                        "-c",
                        "while :; do echo tick; sleep 0.1; done | socat -u -"
                                + " TCP4:"
                                + S4
                                + ":"
                                + port
                                + ",retry=100,interval=0.2"));
    }

    private static long lines(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.exists(file)
                    ? java.nio.file.Files.readAllLines(file).size()
                    : 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // Traffic.

    static boolean tcp(Vm from, String address, int port) {
        return lab.lab
                .exec(from.name(), "nc", "-w", "2", address, String.valueOf(port))
                .stdout()
                .contains("port-" + port);
    }

    static boolean udp(Vm from, String address, int port) {
        String target = address.contains(":") ? "UDP6:[" + address + "]" : "UDP4:" + address;
        return lab.lab
                .exec(from.name(), "sh", "-c", "echo hello | socat -T 2 - " + target + ":" + port)
                .stdout()
                .contains("port-" + port);
    }

    static boolean ping(Vm from, String address) {
        return lab.lab.exec(from.name(), "ping", "-c", "1", "-W", "1", address).succeeded();
    }

    static boolean pingFrom(Vm from, String source, String address) {
        return lab.lab
                .exec(from.name(), "ping", "-c", "1", "-W", "1", "-I", source, address)
                .succeeded();
    }

    /** A listener of {@code kind} ({@code TCP4}, {@code TCP6}, {@code UDP4}, {@code UDP6}). */
    private static void listen(Vm vm, String kind, int port) {
        String listen = kind + "-LISTEN";
        lab.lab.startWorkload(
                vm.name(),
                "listen-" + vm.name() + "-" + port,
                List.of(
                        "socat",
                        listen + ":" + port + ",reuseaddr,fork",
                        "SYSTEM:echo port-" + port));
    }

    /** The attempt fails and the counter of what was dropped grows meanwhile. */
    static void assertRefused(LongSupplier drops, BooleanSupplier attempt) {
        long before = drops.getAsLong();
        assertThat(attempt.getAsBoolean()).as("the refused attempt got through").isFalse();
        // Open vSwitch publishes a flow's counters from its datapath a little later.
        Instant deadline = Instant.now().plusSeconds(5);
        while (drops.getAsLong() <= before && Instant.now().isBefore(deadline)) {
            pause();
        }
        assertThat(drops.getAsLong()).as("drop counter").isGreaterThan(before);
    }

    static void awaitTrue(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(SETTLE);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            pause();
        }
        throw new AssertionError("not within " + SETTLE + ": " + what);
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    // The API.

    private static String group(String name) {
        return lab.api(
                        "POST",
                        "/v2.0/security-groups",
                        "{\"security_group\": {\"name\": \"" + name + "\"}}")
                .at("/security_group/id")
                .asText();
    }

    static String rule(
            String group,
            String direction,
            String ethertype,
            String protocol,
            Integer min,
            Integer max,
            String prefix) {
        StringBuilder body =
                new StringBuilder("{\"security_group_rule\": {\"security_group_id\": \"")
                        .append(group)
                        .append("\", \"direction\": \"")
                        .append(direction)
                        .append("\", \"ethertype\": \"")
                        .append(ethertype)
                        .append("\", \"protocol\": \"")
                        .append(protocol)
                        .append('"');
        if (min != null) {
            body.append(", \"port_range_min\": ")
                    .append(min)
                    .append(", \"port_range_max\": ")
                    .append(max);
        }
        if (prefix != null) {
            body.append(", \"remote_ip_prefix\": \"").append(prefix).append('"');
        }
        body.append("}}");
        return created(lab.api("POST", "/v2.0/security-group-rules", body.toString()));
    }

    private static String ruleFromGroup(
            String group, String direction, String ethertype, String protocol, String remote) {
        return created(
                lab.api(
                        "POST",
                        "/v2.0/security-group-rules",
                        "{\"security_group_rule\": {\"security_group_id\": \""
                                + group
                                + "\", \"direction\": \""
                                + direction
                                + "\", \"ethertype\": \""
                                + ethertype
                                + "\", \"protocol\": \""
                                + protocol
                                + "\", \"remote_group_id\": \""
                                + remote
                                + "\"}}"));
    }

    private static String created(JsonNode reply) {
        String id = reply.at("/security_group_rule/id").asText();
        if (id.isEmpty()) {
            throw new AssertionError("rule create failed: " + reply);
        }
        return id;
    }

    private static JsonNode port(
            String network, String host, String groups, boolean security, String ip4, String ip6) {
        String fixed =
                "{\"ip_address\": \""
                        + ip4
                        + "\"}"
                        + (ip6 == null ? "" : ", {\"ip_address\": \"" + ip6 + "\"}");
        JsonNode reply =
                lab.api(
                        "POST",
                        "/v2.0/ports",
                        "{\"port\": {\"network_id\": \""
                                + network
                                + "\", \"binding:host_id\": \""
                                + host
                                + "\", \"device_owner\": \"compute:nova\", \"fixed_ips\": ["
                                + fixed
                                + "], \"security_groups\": "
                                + groups
                                + ", \"port_security_enabled\": "
                                + security
                                + "}}");
        if (reply.path("port").path("id").asText().isEmpty()) {
            throw new AssertionError("port create failed: " + reply);
        }
        return reply.path("port");
    }

    private static void groups(JsonNode port, String... groups) {
        lab.api(
                "PUT",
                "/v2.0/ports/" + port.path("id").asText(),
                "{\"port\": {\"security_groups\": [\"" + String.join("\", \"", groups) + "\"]}}");
    }

    static String portId(JsonNode port) {
        return port.path("id").asText();
    }
}
