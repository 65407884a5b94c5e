package org.weft.server.rpc.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.agent.metadata.BusInstanceLookup;
import org.weft.agent.metadata.Instance;
import org.weft.agent.metadata.MetadataScope;
import org.weft.bus.Bus;
import org.weft.bus.BusFactory;
import org.weft.config.Config;
import org.weft.server.api.ApiTestServer;

/**
 * The metadata agent's lookup against a real server: resources made through the API, the server
 * connected to an in-process bus, the agent's lookup asking over that bus.
 */
class InstanceLookupHandlerTest {
    private static final String ROUTER = "8e1f0000-0000-4000-8000-00000000r001";

    @TempDir Path data;
    private ApiTestServer server;
    private Bus bus;
    private BusInstanceLookup lookup;
    private String net1;
    private String net2;

    @BeforeEach
    void startServer() {
        server = ApiTestServer.start(data);
        bus = BusFactory.create(Config.fromText("bus.conf", "transport_url = fake://\n"), "test");
        server.server().connect(bus);
        lookup = new BusInstanceLookup(bus);
        ApiTestServer.Client admin = server.admin();
        net1 = network(admin, "net1", "10.0.1.0/24");
        net2 = network(admin, "net2", "10.0.2.0/24");
        port(admin, net1, "10.0.1.1", "network:router_interface", ROUTER, "project-a");
        port(admin, net1, "10.0.1.5", "compute:nova", "vm-1", "project-a");
        port(admin, net2, "10.0.2.5", "compute:nova", "vm-2", "project-b");
        port(admin, net1, "10.0.1.2", "network:dhcp", "dhcp-host", "project-a");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String network(ApiTestServer.Client admin, String name, String cidr) {
        String id = admin.create("networks", "network", "{\"name\": \"" + name + "\"}");
        admin.create(
                "subnets",
                "subnet",
                "{\"network_id\": \"" + id + "\", \"ip_version\": 4, \"cidr\": \"" + cidr + "\"}");
        return id;
    }

    private static void port(
            ApiTestServer.Client admin,
            String network,
            String address,
            String owner,
            String device,
            String project) {
        admin.create(
                "ports",
                "port",
                "{\"network_id\": \""
                        + network
                        + "\", \"fixed_ips\": [{\"ip_address\": \""
                        + address
                        + "\"}], \"device_owner\": \""
                        + owner
                        + "\", \"device_id\": \""
                        + device
                        + "\", \"project_id\": \""
                        + project
                        + "\"}");
    }

    @Test
    void instanceBehindTheRouterIsFoundByItsAddress() {
        assertThat(lookup.find(MetadataScope.router(ROUTER), "10.0.1.5"))
                .contains(new Instance("vm-1", "project-a"));
    }

    @Test
    void addressOnANetworkTheRouterDoesNotServeIsNobody() {
        assertThat(lookup.find(MetadataScope.router(ROUTER), "10.0.2.5")).isEmpty();
    }

    @Test
    void networkScopeFindsItsOwnPorts() {
        assertThat(lookup.find(MetadataScope.network(net2), "10.0.2.5"))
                .contains(new Instance("vm-2", "project-b"));
    }

    @Test
    void portsOfTheNetworkItselfAreNoInstance() {
        assertThat(lookup.find(MetadataScope.router(ROUTER), "10.0.1.2")).isEmpty();
        assertThat(lookup.find(MetadataScope.router(ROUTER), "10.0.1.1")).isEmpty();
    }

    @Test
    void unknownAddressIsNobody() {
        assertThat(lookup.find(MetadataScope.router(ROUTER), "10.0.1.77"))
                .isEqualTo(Optional.empty());
    }
}
