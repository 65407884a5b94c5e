package org.weft.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.weft.agent.dhcp.DhcpAgent;
import org.weft.agent.dhcp.DhcpPort;
import org.weft.agent.dhcp.FixedIp;
import org.weft.agent.dhcp.MetadataProxies;
import org.weft.agent.dhcp.internal.BusDhcpStateSource;
import org.weft.bench.internal.DhcpTestbed;
import org.weft.bus.Bus;
import org.weft.bus.BusFactory;
import org.weft.bus.Topics;
import org.weft.bus.message.AgentMessages;
import org.weft.config.Config;
import org.weft.dataplane.linux.Placement;
import org.weft.server.Server;

/**
 * The from-API path of {@link DhcpLeaseBenchmark}: a Weft server in this process (embedded
 * database, HTTP on loopback) connected to the in-process bus, and a DHCP agent fed over it, as
 * {@code weft server} and {@code weft agent dhcp} are wired.
 */
final class ApiPath implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final String HOST = "wdhcp-b-api";

    private final DhcpTestbed testbed;
    private final Path run;
    private final Server server;
    private final BusDhcpStateSource source;
    private final DhcpAgent agent;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private String networkId;

    private ApiPath(DhcpTestbed testbed, Path run, Server server, Bus bus) {
        this.testbed = testbed;
        this.run = run;
        this.server = server;
        this.base = "http://127.0.0.1:" + server.port();
        this.source = new BusDhcpStateSource(bus, HOST);
        Config config =
                Config.fromText(
                        "dhcp_agent.ini",
                        "[DEFAULT]\nstate_path = "
                                + run.resolve("api-state")
                                + "\nhost = "
                                + HOST
                                + "\n");
        this.agent =
                DhcpAgent.create(
                        config,
                        Placement.here(),
                        testbed.interfaces(),
                        source,
                        MetadataProxies.none());
    }

    static ApiPath start(DhcpTestbed testbed, Path run) throws Exception {
        Bus bus =
                BusFactory.create(
                        Config.fromText("neutron.conf", "transport_url = fake://\n"), "bench");
        Server server =
                Server.prepare(Config.empty(), run.resolve("server"))
                        .connect(bus)
                        .start("127.0.0.1", 0);
        ApiPath path = new ApiPath(testbed, run, server, bus);
        // The server hosts networks only on agents it has heard from; one heartbeat registers it.
        server.agents()
                .report(
                        new AgentMessages.AgentState(
                                AgentMessages.DHCP_AGENT,
                                "weft-dhcp-agent",
                                HOST,
                                Topics.DHCP_AGENT.name(),
                                java.util.Map.of(),
                                true,
                                "nova"));
        path.agent.start();
        path.networkId =
                path.create("networks", "network", "{\"name\": \"wdhcp-b-api\"}")
                        .path("id")
                        .asText();
        path.create(
                "subnets",
                "subnet",
                "{\"network_id\": \""
                        + path.networkId
                        + "\", \"ip_version\": 4, \"cidr\": \"10.60.0.0/20\"}");
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!path.agent.servedNetworks().contains(path.networkId)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        path.agent.awaitIdle(LIMIT);
        return path;
    }

    /**
     * Wires {@code size} VMs with the MACs their ports will have (not timed), then POSTs the ports
     * one after the other and starts the VMs' clients right after each port's POST returned.
     */
    DhcpLeaseBenchmark.Run run(int size, int first) throws Exception {
        List<String> vms = new ArrayList<>();
        List<String> macs = new ArrayList<>();
        for (int index = first; index < first + size; index++) {
            String mac = DhcpLeaseBenchmark.vmPort(index).macAddress();
            macs.add(mac);
            vms.add(testbed.createVm(index, mac));
        }
        List<DhcpPort> ports = new ArrayList<>();
        List<CompletableFuture<Double>> leases = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < size; i++) {
            JsonNode port =
                    create(
                            "ports",
                            "port",
                            "{\"network_id\": \""
                                    + networkId
                                    + "\", \"mac_address\": \""
                                    + macs.get(i)
                                    + "\", \"device_owner\": \"compute:nova\", \"device_id\": \"vm-"
                                    + (first + i)
                                    + "\"}");
            ports.add(
                    new DhcpPort(
                            port.path("id").asText(),
                            networkId,
                            macs.get(i),
                            "compute:nova",
                            "",
                            List.of(
                                    new FixedIp(
                                            "",
                                            port.path("fixed_ips")
                                                    .path(0)
                                                    .path("ip_address")
                                                    .asText()))));
            leases.add(
                    testbed.requestLease(vms.get(i), (int) LIMIT.toSeconds())
                            .thenApply(
                                    got -> got ? DhcpLeaseBenchmark.seconds(start) : Double.NaN));
        }
        double posted = DhcpLeaseBenchmark.seconds(start);
        double[] inHosts =
                DhcpLeaseBenchmark.watchHostsFile(
                        run.resolve("api-state/dhcp").resolve(networkId).resolve("host"),
                        ports,
                        start);
        double[] leased = new double[size];
        int failed = 0;
        for (int i = 0; i < size; i++) {
            leased[i] = leases.get(i).get(LIMIT.toSeconds() + 10, TimeUnit.SECONDS);
            if (Double.isNaN(leased[i])) {
                failed++;
            }
        }
        for (DhcpPort port : ports) {
            send("DELETE", "/v2.0/ports/" + port.id(), null);
        }
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (agent.load().ports() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        agent.awaitIdle(LIMIT);
        testbed.removeVms();
        return new DhcpLeaseBenchmark.Run(
                "api",
                size,
                posted,
                inHosts,
                Arrays.stream(leased).filter(t -> !Double.isNaN(t)).toArray(),
                failed);
    }

    private JsonNode create(String collection, String member, String attributes) throws Exception {
        HttpResponse<String> reply =
                send("POST", "/v2.0/" + collection, "{\"" + member + "\": " + attributes + "}");
        if (reply.statusCode() != 201) {
            throw new IllegalStateException("create " + member + " failed: " + reply.body());
        }
        return JSON.readTree(reply.body()).path(member);
    }

    private HttpResponse<String> send(String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json");
        request.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Deletes the network, which takes the agent's namespace and dnsmasq with it, then stops. */
    @Override
    public void close() throws Exception {
        send("DELETE", "/v2.0/networks/" + networkId, null);
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (agent.servedNetworks().contains(networkId) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        agent.close();
        source.close();
        server.close();
    }
}
