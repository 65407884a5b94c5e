package org.weft.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.server.api.ApiTestServer.Client;
import org.weft.server.api.ApiTestServer.Reply;

/**
 * Projects see and change their own resources and shared ones; admin-only attributes stay hidden.
 */
class TenancyTest {
    @TempDir static Path dataDir;
    static ApiTestServer server;
    static Client admin;
    static Client alice;
    static Client bob;

    @BeforeAll
    static void start() {
        server = ApiTestServer.start(dataDir);
        admin = server.admin();
        alice = server.as("alice", "member");
        bob = server.as("bob", null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aProjectSeesOnlyItsOwnNetworksAndSharedOnes() {
        String own = alice.create("networks", "network", "{\"name\": \"alice-net\"}");
        String shared =
                admin.create("networks", "network", "{\"name\": \"shared\", \"shared\": true}");
        String external =
                admin.create(
                        "networks", "network", "{\"name\": \"ext\", \"router:external\": true}");
        String hidden = admin.create("networks", "network", "{\"name\": \"admin-only\"}");

        String listed = bob.get("/v2.0/networks?fields=id").text();

        assertThat(listed).contains(shared, external).doesNotContain(own, hidden);
        assertThat(bob.get("/v2.0/networks/" + own).status()).isEqualTo(404);
        assertThat(bob.get("/v2.0/networks/" + own).errorType()).isEqualTo("NetworkNotFound");
        assertThat(bob.delete("/v2.0/networks/" + own).status()).isEqualTo(404);
        assertThat(alice.get("/v2.0/networks/" + own).at("/network/tenant_id").asText())
                .isEqualTo("alice");
    }

    @Test
    void providerAndBindingAttributesAreHiddenFromUsers() {
        String net = alice.create("networks", "network", "{\"name\": \"n\"}");
        alice.create(
                "subnets",
                "subnet",
                "{\"network_id\": \"" + net + "\", \"ip_version\": 4, \"cidr\": \"10.0.0.0/24\"}");
        String port = alice.create("ports", "port", "{\"network_id\": \"" + net + "\"}");

        Reply network = alice.get("/v2.0/networks/" + net);
        Reply shownPort = alice.get("/v2.0/ports/" + port);
        Reply asAdmin = admin.get("/v2.0/ports/" + port);

        assertThat(network.at("/network").has("provider:network_type")).isFalse();
        assertThat(network.at("/network").has("router:external")).isTrue();
        assertThat(shownPort.at("/port").has("binding:host_id")).isFalse();
        assertThat(shownPort.at("/port").has("binding:vif_type")).isFalse();
        assertThat(shownPort.at("/port/binding:vnic_type").asText()).isEqualTo("normal");
        assertThat(asAdmin.at("/port/binding:vif_type").asText()).isEqualTo("unbound");
        assertThat(alice.get("/v2.0/ports?fields=id").text()).contains(port);
        assertThat(bob.get("/v2.0/ports?fields=id").text()).doesNotContain(port);
    }

    @Test
    void usersMayNotSetAdminOnlyAttributes() {
        Reply provider =
                alice.post(
                        "/v2.0/networks", "{\"network\": {\"provider:network_type\": \"vlan\"}}");
        Reply shared = alice.post("/v2.0/networks", "{\"network\": {\"shared\": true}}");
        Reply otherProject =
                alice.post("/v2.0/networks", "{\"network\": {\"tenant_id\": \"bob\"}}");

        assertThat(provider.status()).isEqualTo(403);
        assertThat(provider.errorType()).isEqualTo("PolicyNotAuthorized");
        assertThat(shared.status()).isEqualTo(403);
        assertThat(otherProject.status()).isEqualTo(400);
        assertThat(otherProject.errorMessage())
                .isEqualTo(
                        "Specifying 'project_id' or 'tenant_id' other than the authenticated"
                                + " project in request requires admin or advsvc privileges");
    }

    @Test
    void usersMayUseSharedNetworksButNotAddSubnetsToThem() {
        String shared =
                admin.create("networks", "network", "{\"name\": \"pub\", \"shared\": true}");
        admin.create(
                "subnets",
                "subnet",
                "{\"network_id\": \""
                        + shared
                        + "\", \"ip_version\": 4, \"cidr\": \"10.7.0.0/24\"}");

        Reply port = bob.post("/v2.0/ports", "{\"port\": {\"network_id\": \"" + shared + "\"}}");
        Reply subnet =
                bob.post(
                        "/v2.0/subnets",
                        "{\"subnet\": {\"network_id\": \""
                                + shared
                                + "\", \"ip_version\": 4, \"cidr\": \"10.8.0.0/24\"}}");

        assertThat(port.status()).isEqualTo(201);
        assertThat(port.at("/port/tenant_id").asText()).isEqualTo("bob");
        assertThat(subnet.status()).isEqualTo(403);
        assertThat(bob.get("/v2.0/subnets?network_id=" + shared).at("/subnets").size())
                .isEqualTo(1);
    }

    @Test
    void anAdminRoleMakesAProjectCallerAnAdministrator() {
        Client carol = server.as("carol", "member,admin");

        Reply reply = carol.post("/v2.0/networks", "{\"network\": {\"shared\": true}}");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.at("/network/tenant_id").asText()).isEqualTo("carol");
    }
}
