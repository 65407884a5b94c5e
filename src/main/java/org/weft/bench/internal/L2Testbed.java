package org.weft.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.weft.agent.l2.AgentSettings;
import org.weft.agent.l2.FirewallDriver;
import org.weft.agent.l2.OvsAgent;
import org.weft.agent.vif.Guest;
import org.weft.agent.vif.VifPlugger;
import org.weft.agent.vif.VifPort;
import org.weft.bus.internal.inprocess.InProcessBus;
import org.weft.config.Config;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.ovs.PrivateSwitch;
import org.weft.dataplane.ovsdb.OvsdbTarget;
import org.weft.dataplane.ovsdb.PortSettings;
import org.weft.dataplane.ovsdb.SwitchTransaction;
import org.weft.dataplane.ovsdb.VswitchDatabase;
import org.weft.server.Server;

/**
 * One host for the L2 benchmarks, everything real and in one place: a Weft server (embedded
 * database, HTTP on loopback) and the in-process bus in this JVM, a private userspace switch in
 * network namespace {@code wl2b-host} (files in {@code /tmp/wl2b-bench}), the Open vSwitch agent on
 * it, and VMs: namespaces {@code wl2b-vm<n>} plugged as os-vif plugs them, or, for the many ports
 * whose traffic is not measured, internal ports of the switch carrying the port's identity.
 */
public final class L2Testbed implements AutoCloseable {
    public static final String HOST = "wl2b-host";
    private static final String NAMESPACE = "wl2b-host";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final Path run;
    private final PrivateSwitch ovs;
    private final Server server;
    private final InProcessBus bus = new InProcessBus(TIMEOUT);
    private final HttpClient http = HttpClient.newHttpClient();
    private final VswitchDatabase database;
    private final List<String> vms = new ArrayList<>();
    private OvsAgent agent;

    public L2Testbed(Path run, int apiPort) {
        this.run = run;
        removeNamespaces();
        Command.of("ip", "netns", "add", NAMESPACE).run();
        Command.of("ip", "link", "set", "lo", "up").in(placement()).run();
        this.ovs = PrivateSwitch.builder(run.resolve("ovs")).placement(placement()).start();
        this.database = VswitchDatabase.connect(OvsdbTarget.parse(ovs.databaseTarget()));
        Config serverConfig =
                Config.fromText(
                        "neutron.conf",
                        "[ml2]\ntenant_network_types = local\n[quotas]\nquota_port = -1\n");
        this.server =
                Server.prepare(serverConfig, run.resolve("server"))
                        .connect(bus)
                        .start("127.0.0.1", apiPort);
    }

    public Placement placement() {
        return Placement.netns(NAMESPACE);
    }

    public PrivateSwitch ovs() {
        return ovs;
    }

    public VswitchDatabase database() {
        return database;
    }

    public void startAgent() {
        Config config =
                Config.fromText(
                        "openvswitch_agent.ini",
                        "[DEFAULT]\nhost = "
                                + HOST
                                + "\n[ovs]\novsdb_connection = "
                                + ovs.databaseTarget()
                                + "\ndatapath_type = netdev\n[agent]\nreport_interval = 10\n");
        agent = OvsAgent.start(AgentSettings.from(config), bus, FirewallDriver.NOOP, placement());
    }

    public void stopAgent() {
        if (agent != null) {
            agent.close();
            agent = null;
        }
    }

    public OvsAgent agent() {
        return agent;
    }

    // The API, over HTTP.

    public JsonNode api(String method, String path, String body) throws IOException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .timeout(TIMEOUT)
                        .header("Content-Type", "application/json");
        request.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IOException(
                        method
                                + " "
                                + path
                                + " answered "
                                + response.statusCode()
                                + " "
                                + response.body());
            }
            return response.body().isEmpty()
                    ? JSON.createObjectNode()
                    : JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public String network(String name, String cidr) throws IOException {
        String network =
                api("POST", "/v2.0/networks", "{\"network\": {\"name\": \"" + name + "\"}}")
                        .at("/network/id")
                        .asText();
        api(
                "POST",
                "/v2.0/subnets",
                "{\"subnet\": {\"network_id\": \""
                        + network
                        + "\", \"cidr\": \""
                        + cidr
                        + "\", \"ip_version\": 4, \"enable_dhcp\": false}}");
        return network;
    }

    public JsonNode port(String network) throws IOException {
        return api(
                        "POST",
                        "/v2.0/ports",
                        "{\"port\": {\"network_id\": \""
                                + network
                                + "\", \"binding:host_id\": \""
                                + HOST
                                + "\", \"device_owner\": \"compute:nova\"}}")
                .path("port");
    }

    /** How many ports of {@code network} are {@code ACTIVE} now. */
    public int active(String network) throws IOException {
        int count = 0;
        for (JsonNode port :
                api("GET", "/v2.0/ports?network_id=" + network + "&fields=status", null)
                        .path("ports")) {
            if (port.path("status").asText().equals("ACTIVE")) {
                count++;
            }
        }
        return count;
    }

    // Plugging.

    /**
     * Plugs {@code ports} as internal ports of {@code br-int} with their {@code iface-id}, in one
     * transaction, returning once ovs-vswitchd has applied it.
     */
    public void plugInternal(List<JsonNode> ports, int firstIndex) {
        SwitchTransaction transaction = database.transaction();
        int index = firstIndex;
        for (JsonNode port : ports) {
            transaction.addPort(
                    "br-int",
                    PortSettings.internal(String.format("wl2p%06d", index++))
                            .externalId("iface-id", port.path("id").asText())
                            .externalId("attached-mac", port.path("mac_address").asText())
                            .externalId("iface-status", "active"));
        }
        transaction.commitAndWait(TIMEOUT);
    }

    /** A VM namespace plugged into {@code port} with the port's address. */
    public String vm(int index, JsonNode port) {
        String namespace = "wl2b-vm" + index;
        Command.of("ip", "netns", "delete", namespace).execute();
        Command.of("ip", "netns", "add", namespace).run();
        vms.add(namespace);
        try (VifPlugger plugger = new VifPlugger(placement(), database, "br-int")) {
            plugger.plug(
                    new VifPort(
                            port.path("id").asText(),
                            port.path("mac_address").asText(),
                            1500,
                            "vm-" + index,
                            false),
                    Guest.namespace(namespace, "eth0"));
        }
        Command.of(
                        "ip",
                        "addr",
                        "add",
                        port.at("/fixed_ips/0/ip_address").asText() + "/16",
                        "dev",
                        "eth0")
                .in(Placement.netns(namespace))
                .run();
        return namespace;
    }

    public boolean ping(String vm, String address, String timeoutSeconds) {
        return Command.of("ping", "-c", "1", "-W", timeoutSeconds, address)
                .in(Placement.netns(vm))
                .execute()
                .succeeded();
    }

    @Override
    public void close() {
        try {
            stopAgent();
            server.close();
            bus.close();
            database.close();
        } finally {
            try {
                ovs.stop();
            } finally {
                removeNamespaces();
                deleteTree(run);
            }
        }
    }

    private static void removeNamespaces() {
        for (String line : Command.of("ip", "netns", "list").run().lines().toList()) {
            String name = line.split("\\s+")[0];
            if (name.startsWith("wl2b-")) {
                Command.of("ip", "netns", "delete", name).execute();
            }
        }
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
