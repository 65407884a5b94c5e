package org.weft.agent.l2;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.weft.agent.vif.Guest;
import org.weft.agent.vif.VifPlugger;
import org.weft.agent.vif.VifPort;
import org.weft.bus.internal.inprocess.InProcessBus;
import org.weft.config.Config;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.ovs.PrivateSwitch;
import org.weft.dataplane.ovsdb.OvsdbTarget;
import org.weft.dataplane.ovsdb.VswitchDatabase;
import org.weft.server.api.ApiTestServer;

/**
 * One host for agent tests, all real: a Weft server (embedded database) and the in-process bus in
 * this JVM, a private userspace switch in network namespace {@code wl2-<name>} (files in {@code
 * target/wl2-<name>}), the agent on it, and VMs as namespaces {@code wl2-<name>-<vm>} plugged as
 * os-vif plugs them. Leftovers of a crashed earlier run under the same name are removed first;
 * {@link #close()} removes everything.
 */
final class SingleHost implements AutoCloseable {
    static final String HOST = "wl2host";
    static final Duration WAIT = Duration.ofSeconds(30);

    final String name;
    final String namespace;
    final PrivateSwitch ovs;
    final ApiTestServer server;
    final ApiTestServer.Client admin;
    final InProcessBus bus = new InProcessBus(WAIT);
    private final List<String> vms = new ArrayList<>();
    private final String agentConfig;
    private OvsAgent agent;

    private SingleHost(String name, String serverConfig, String agentConfig, Path dataDir) {
        this.name = name;
        this.namespace = "wl2-" + name;
        this.agentConfig = agentConfig;
        removeNamespacesOf(namespace);
        Command.of("ip", "netns", "add", namespace).run();
        Command.of("ip", "link", "set", "lo", "up").in(Placement.netns(namespace)).run();
        this.ovs =
                PrivateSwitch.builder(Path.of("target", namespace).toAbsolutePath())
                        .placement(Placement.netns(namespace))
                        .start();
        this.server = ApiTestServer.start(dataDir, Config.fromText("neutron.conf", serverConfig));
        server.server().connect(bus);
        this.admin = server.admin();
    }

    /** A host with a server configured by {@code serverConfig}; the agent is not started yet. */
    static SingleHost create(String name, String serverConfig, String agentConfig, Path dataDir) {
        return new SingleHost(name, serverConfig, agentConfig, dataDir);
    }

    Placement placement() {
        return Placement.netns(namespace);
    }

    /** The agent's configuration: its switch and host, then {@code agentConfig}. */
    Config agentConfig(String more) {
        return Config.fromText(
                "openvswitch_agent.ini",
                "[DEFAULT]\nhost = "
                        + HOST
                        + "\n[ovs]\novsdb_connection = "
                        + ovs.databaseTarget()
                        + "\ndatapath_type = netdev\n[agent]\nreport_interval = 5\n"
                        + agentConfig
                        + "\n"
                        + more);
    }

    OvsAgent startAgent() {
        agent =
                OvsAgent.start(
                        AgentSettings.from(agentConfig("")), bus, FirewallDriver.NOOP, placement());
        awaitAgentSettled();
        return agent;
    }

    void stopAgent() {
        if (agent != null) {
            agent.close();
            agent = null;
        }
    }

    OvsAgent agent() {
        return agent;
    }

    /** Waits until the agent has finished a batch after everything that happened until now. */
    void awaitAgentSettled() {
        long seen = agent.batches();
        await("agent to finish a batch", () -> agent.batches() > seen);
    }

    // The API.

    String network(String attributes) {
        return admin.create("networks", "network", attributes);
    }

    String subnet(String network, String cidr) {
        return admin.create(
                "subnets",
                "subnet",
                "{\"network_id\": \""
                        + network
                        + "\", \"cidr\": \""
                        + cidr
                        + "\", \"ip_version\": 4, \"enable_dhcp\": false}");
    }

    JsonNode port(String network, String ip) {
        String fixed = ip == null ? "" : ", \"fixed_ips\": [{\"ip_address\": \"" + ip + "\"}]";
        ApiTestServer.Reply reply =
                admin.post(
                        "/v2.0/ports",
                        "{\"port\": {\"network_id\": \""
                                + network
                                + "\", \"binding:host_id\": \""
                                + HOST
                                + "\", \"device_owner\": \"compute:nova\""
                                + fixed
                                + "}}");
        if (reply.status() != 201) {
            throw new AssertionError("port create failed: " + reply.text());
        }
        return reply.at("/port");
    }

    String status(JsonNode port) {
        return admin.get("/v2.0/ports/" + port.path("id").asText()).at("/port/status").asText();
    }

    void awaitStatus(JsonNode port, String status) {
        await("port " + port.path("id").asText() + " " + status, () -> status(port).equals(status));
    }

    // VMs.

    /** A VM plugged into {@code port}, with the port's first fixed IP on its interface. */
    String vm(String vmName, JsonNode port, String cidrSuffix) {
        String vmNamespace = namespace + "-" + vmName;
        removeNamespacesOf(vmNamespace);
        Command.of("ip", "netns", "add", vmNamespace).run();
        vms.add(vmNamespace);
        VifPort vif =
                new VifPort(
                        port.path("id").asText(),
                        port.path("mac_address").asText(),
                        1500,
                        "vm-" + vmName,
                        false);
        try (VswitchDatabase database =
                        VswitchDatabase.connect(OvsdbTarget.parse(ovs.databaseTarget()));
                VifPlugger plugger = new VifPlugger(placement(), database, "br-int")) {
            plugger.plug(vif, Guest.namespace(vmNamespace, "eth0"));
        }
        String ip = port.at("/fixed_ips/0/ip_address").asText();
        if (!ip.isEmpty()) {
            run(vmNamespace, "ip", "addr", "add", ip + cidrSuffix, "dev", "eth0");
        }
        return vmNamespace;
    }

    /** A namespace of this host's name, removed with it. */
    String namespace(String suffix) {
        String made = namespace + "-" + suffix;
        removeNamespacesOf(made);
        Command.of("ip", "netns", "add", made).run();
        vms.add(made);
        return made;
    }

    void unplug(JsonNode port) {
        try (VswitchDatabase database =
                        VswitchDatabase.connect(OvsdbTarget.parse(ovs.databaseTarget()));
                VifPlugger plugger = new VifPlugger(placement(), database, "br-int")) {
            plugger.unplug(port.path("id").asText());
        }
    }

    boolean pings(String vmNamespace, String address) {
        return Command.of("ping", "-c", "1", "-W", "1", address)
                .in(Placement.netns(vmNamespace))
                .execute()
                .succeeded();
    }

    /** Whether a ping gets through within a few tries (ARP and the first flows take a moment). */
    boolean reaches(String vmNamespace, String address) {
        for (int attempt = 0; attempt < 5; attempt++) {
            if (pings(vmNamespace, address)) {
                return true;
            }
        }
        return false;
    }

    static String run(String vmNamespace, String... argv) {
        return Command.of(argv).in(Placement.netns(vmNamespace)).run();
    }

    String flows(String bridge) {
        return ovs.ofctl("-O", "OpenFlow14", "--no-names", "dump-flows", bridge);
    }

    static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("no " + what + " within " + WAIT);
    }

    @Override
    public void close() {
        try {
            stopAgent();
        } finally {
            try {
                server.close();
                bus.close();
            } finally {
                try {
                    ovs.stop();
                } finally {
                    vms.forEach(SingleHost::deleteNamespace);
                    deleteNamespace(namespace);
                }
            }
        }
    }

    private static void removeNamespacesOf(String prefix) {
        for (String line : Command.of("ip", "netns", "list").run().lines().toList()) {
            String existing = line.split("\\s+")[0];
            if (existing.equals(prefix) || existing.startsWith(prefix + "-")) {
                deleteNamespace(existing);
            }
        }
    }

    private static void deleteNamespace(String name) {
        Command.of("ip", "netns", "delete", name).execute();
    }
}
