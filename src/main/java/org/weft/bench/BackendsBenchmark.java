package org.weft.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.weft.bench.internal.LoadLoop;
import org.weft.bench.internal.PhaseResult;
import org.weft.bench.internal.ProcessCpu;
import org.weft.config.Config;
import org.weft.dataplane.linux.ChildProcess;
import org.weft.dataplane.linux.Placement;
import org.weft.lab.internal.KeystoneServer;
import org.weft.lab.internal.MariaDbServer;
import org.weft.lab.internal.PostgreSqlServer;
import org.weft.server.Server;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Port creates on each database (embedded H2, MariaDB, PostgreSQL) and with two servers sharing
 * one, and what validating Keystone tokens costs per request with the cache and without it. The
 * servers run in this JVM beside the load (so a server's CPU is not told apart); MariaDB,
 * PostgreSQL and Keystone are private instances on loopback ports from {@code --port-base}.
 */
@Command(
        name = "backends",
        description =
                "Port create throughput on H2, MariaDB and PostgreSQL, two servers on one"
                        + " database, and the cost of Keystone token validation.")
public final class BackendsBenchmark extends Benchmark {
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    @Option(names = "--ports", description = "Ports created per run (default: ${DEFAULT-VALUE}).")
    int ports = 1000;

    @Option(names = "--concurrency", description = "Clients (default: ${DEFAULT-VALUE}).")
    int concurrency = 8;

    @Option(
            names = "--requests",
            description =
                    "Network lists with the token cache and without Keystone (default:"
                            + " ${DEFAULT-VALUE}).")
    int requests = 2000;

    @Option(
            names = "--uncached-requests",
            description =
                    "Network lists validating every token with Keystone (default:"
                            + " ${DEFAULT-VALUE}).")
    int uncachedRequests = 100;

    @Option(
            names = "--port-base",
            description =
                    "First of three loopback ports for the databases and Keystone"
                            + " (default: ${DEFAULT-VALUE}).")
    int portBase = 22050;

    private final List<PhaseResult> phases = new ArrayList<>();

    @Override
    protected BenchReport measure() throws Exception {
        Path run = Path.of("/tmp", "weft-bench-backends-" + ProcessHandle.current().pid());
        MariaDbServer mariaDb =
                new MariaDbServer(run.resolve("mariadb"), Placement.here(), "127.0.0.1", portBase);
        PostgreSqlServer postgreSql =
                new PostgreSqlServer(run.resolve("postgresql"), "127.0.0.1", portBase + 1);
        ChildProcess mariaDbProcess = null;
        try {
            progress("starting MariaDB and PostgreSQL under %s", run);
            mariaDbProcess = mariaDb.start(started -> {});
            postgreSql.start();
            portCreates("H2", List.of(""), run);
            portCreates("MariaDB", List.of(mariaDbUrl(mariaDb, "one")), run);
            portCreates("PostgreSQL", List.of(postgreSqlUrl(postgreSql, "one")), run);
            String sharedMariaDb = mariaDbUrl(mariaDb, "shared");
            portCreates("MariaDB, 2 servers", List.of(sharedMariaDb, sharedMariaDb), run);
            String sharedPostgreSql = postgreSqlUrl(postgreSql, "shared");
            portCreates("PostgreSQL, 2 servers", List.of(sharedPostgreSql, sharedPostgreSql), run);
            keystoneValidation(run);
        } finally {
            if (mariaDbProcess != null) {
                mariaDbProcess.stop(java.time.Duration.ofSeconds(30));
            }
            postgreSql.stop();
            deleteTree(run);
        }
        return report();
    }

    private static String mariaDbUrl(MariaDbServer server, String name) {
        server.createDatabase("bench_" + name, "weft", "weftPass");
        return "mysql://weft:weftPass@127.0.0.1:" + server.port() + "/bench_" + name;
    }

    private static String postgreSqlUrl(PostgreSqlServer server, String name) {
        server.createDatabase("bench_" + name, "weft", "weftPass");
        return "postgresql://weft:weftPass@127.0.0.1:" + server.port() + "/bench_" + name;
    }

    /** {@code connections} holds one database URL per server ("" for the embedded one). */
    private void portCreates(String target, List<String> connections, Path run) throws Exception {
        List<Server> servers = new ArrayList<>();
        try {
            for (int i = 0; i < connections.size(); i++) {
                servers.add(startServer(connections.get(i), "", run.resolve(slug(target) + i)));
            }
            String network = createNetwork(servers.get(0));
            int share = concurrency / servers.size();
            // A first quarter, not recorded, warms the JIT and the database's caches.
            runConcurrently(servers, target, network, ports / 4, share);
            PhaseResult combined = runConcurrently(servers, target, network, ports, share);
            progress("%s", combined.line());
            phases.add(combined);
        } finally {
            servers.forEach(Server::close);
        }
    }

    /** Each server's share of {@code count} creates, all servers' clients at once. */
    private PhaseResult runConcurrently(
            List<Server> servers, String target, String network, int count, int share)
            throws InterruptedException {
        List<PhaseResult> results = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> drivers = new ArrayList<>();
        for (Server server : servers) {
            LoadLoop loop = new LoadLoop(base(server), target, ProcessCpu.unknown());
            Runnable drive =
                    () ->
                            results.add(
                                    loop.run(
                                            "port create",
                                            count / servers.size(),
                                            share,
                                            portCreate(network)));
            drivers.add(Thread.ofPlatform().name("bench-backends-" + drivers.size()).start(drive));
        }
        for (Thread driver : drivers) {
            driver.join();
        }
        return combine(results);
    }

    private void keystoneValidation(Path run) throws Exception {
        progress("starting Keystone (db_sync, bootstrap)");
        try (KeystoneServer keystone =
                KeystoneServer.start(run.resolve("keystone"), portBase + 2)) {
            keystone.addUser("service", "neutron", "neutronPass", "admin");
            keystone.addUser("alpha", "alice", "alicePass", "member");
            String token = keystone.token("alice", "alicePass", "alpha");
            for (int cacheTime : new int[] {300, 0}) {
                String settings =
                        "[DEFAULT]\nauth_strategy = keystone\n[keystone_authtoken]\nauth_url = "
                                + keystone.v3()
                                + "\nusername = neutron\npassword = neutronPass\n"
                                + "project_name = service\ntoken_cache_time = "
                                + cacheTime
                                + "\n";
                Server server = startServer("", settings, run.resolve("keystone-" + cacheTime));
                try {
                    String target = cacheTime > 0 ? "Keystone, cached" : "Keystone, uncached";
                    int count = cacheTime > 0 ? requests : uncachedRequests;
                    PhaseResult result =
                            new LoadLoop(base(server), target, ProcessCpu.unknown())
                                    .run("network list", count, concurrency, list(token));
                    progress("%s", result.line());
                    phases.add(result);
                } finally {
                    server.close();
                }
            }
        }
        Server noauth = startServer("", "", run.resolve("noauth"));
        try {
            PhaseResult result =
                    new LoadLoop(base(noauth), "noauth", ProcessCpu.unknown())
                            .run("network list", requests, concurrency, list(null));
            progress("%s", result.line());
            phases.add(result);
        } finally {
            noauth.close();
        }
    }

    private static Server startServer(String connection, String settings, Path dataDir) {
        String text =
                settings
                        + (connection.isEmpty() ? "" : "\n[database]\nconnection = " + connection)
                        + "\n[quotas]\nquota_port = -1\n";
        return Server.prepare(Config.fromText("bench.conf", text), dataDir).start("127.0.0.1", 0);
    }

    private static URI base(Server server) {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    private static String createNetwork(Server server) throws Exception {
        try (HttpConnection connection = new HttpConnection(base(server))) {
            HttpResponse network =
                    connection.send(
                            "POST",
                            "/v2.0/networks",
                            JSON,
                            "{\"network\": {\"name\": \"bench\"}}"
                                    .getBytes(StandardCharsets.UTF_8));
            String id = idOf(network, "network");
            HttpResponse subnet =
                    connection.send(
                            "POST",
                            "/v2.0/subnets",
                            JSON,
                            ("{\"subnet\": {\"network_id\": \""
                                            + id
                                            + "\", \"ip_version\": 4, \"cidr\": \"10.96.0.0/16\"}}")
                                    .getBytes(StandardCharsets.UTF_8));
            idOf(subnet, "subnet");
            return id;
        }
    }

    private static String idOf(HttpResponse response, String member) throws Exception {
        if (response.status() != 201) {
            throw new IllegalStateException(
                    member + " create answered " + response.status() + ": " + response.bodyText());
        }
        return org.weft.store.Documents.MAPPER
                .readTree(response.body())
                .path(member)
                .path("id")
                .asText();
    }

    private static LoadLoop.Step portCreate(String network) {
        byte[] body =
                ("{\"port\": {\"network_id\": \"" + network + "\"}}")
                        .getBytes(StandardCharsets.UTF_8);
        return new LoadLoop.Step() {
            @Override
            public byte[] request(HttpConnection connection, int index) {
                return connection.encode("POST", "/v2.0/ports", JSON, body);
            }

            @Override
            public boolean accept(int index, HttpResponse response) {
                return response.status() == 201;
            }
        };
    }

    private static LoadLoop.Step list(String token) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (token != null) {
            headers.put("X-Auth-Token", token);
        }
        return new LoadLoop.Step() {
            @Override
            public byte[] request(HttpConnection connection, int index) {
                return connection.encode("GET", "/v2.0/networks?limit=1", headers, null);
            }

            @Override
            public boolean accept(int index, HttpResponse response) {
                return response.status() == 200;
            }
        };
    }

    /** Two servers' runs as one: every request, over the longer wall time. */
    private static PhaseResult combine(List<PhaseResult> runs) {
        if (runs.size() == 1) {
            return runs.get(0);
        }
        PhaseResult first = runs.get(0);
        double wall = runs.stream().mapToDouble(PhaseResult::wallSeconds).max().orElse(0);
        int requests = runs.stream().mapToInt(PhaseResult::requests).sum();
        int errors = runs.stream().mapToInt(PhaseResult::errors).sum();
        double generator = runs.stream().mapToDouble(PhaseResult::generatorCpuSeconds).sum();
        return new PhaseResult(
                first.operation(),
                first.target(),
                runs.stream().mapToInt(PhaseResult::concurrency).sum(),
                requests,
                errors,
                wall,
                first.latencyMillis(),
                generator,
                java.util.Optional.empty(),
                first.sampleErrors());
    }

    private BenchReport report() {
        StringBuilder markdown = new StringBuilder();
        markdown.append(
                "Servers in the benchmark's JVM, each run after a quarter as many creates to warm"
                    + " up; MariaDB and PostgreSQL private instances with their default durability"
                    + " (a commit waits for its log flush). Two servers: the clients split between"
                    + " them, one database; p50/p90 of two servers are the first server's. Keystone"
                    + " is Debian's, served by keystone-wsgi-public (one request at a time, as"
                    + " reference/neutron/keystone_start.sh runs it); uncached, every request waits"
                    + " for it, and those that wait past 5 s get 503.\n\n");
        markdown.append(
                "| target | operation | clients | requests | errors | per second | p50 ms | p90 ms"
                        + " |\n");
        markdown.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (PhaseResult phase : phases) {
            markdown.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %d | %d | %d | %.1f | %.1f | %.1f |%n",
                            phase.target(),
                            phase.operation(),
                            phase.concurrency(),
                            phase.requests() - phase.errors(),
                            phase.errors(),
                            (phase.requests() - phase.errors()) / phase.wallSeconds(),
                            phase.p50(),
                            phase.p90()));
            rows.add(phase.toJson());
        }
        ObjectNode figures = JsonNodeFactory.instance.objectNode();
        figures.set("phases", rows);
        return new BenchReport(
                "Database backends and Keystone validation", markdown.toString(), figures);
    }

    private static String slug(String target) {
        return target.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
