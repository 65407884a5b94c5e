package org.weft.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.server.api.ApiTestServer.Client;
import org.weft.server.api.ApiTestServer.Reply;

class NetworkApiTest {
    @TempDir static Path dataDir;
    static ApiTestServer server;
    static Client admin;

    @BeforeAll
    static void start() {
        server = ApiTestServer.start(dataDir);
        admin = server.admin();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void minimalCreateHasTheReferenceDefaultsInItsKeyOrder() {
        Reply reply = admin.post("/v2.0/networks", "{\"network\": {\"name\": \"net1\"}}");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(fieldNames(reply.at("/network")))
                .containsExactly(
                        "id",
                        "name",
                        "tenant_id",
                        "admin_state_up",
                        "mtu",
                        "status",
                        "subnets",
                        "shared",
                        "project_id",
                        "port_security_enabled",
                        "router:external",
                        "provider:network_type",
                        "provider:physical_network",
                        "provider:segmentation_id",
                        "is_default",
                        "availability_zone_hints",
                        "availability_zones",
                        "ipv4_address_scope",
                        "ipv6_address_scope",
                        "description",
                        "tags",
                        "created_at",
                        "updated_at",
                        "revision_number");
        assertThat(reply.at("/network/tenant_id").asText()).isEqualTo("fake_project_id");
        assertThat(reply.at("/network/admin_state_up").asBoolean()).isTrue();
        assertThat(reply.at("/network/status").asText()).isEqualTo("ACTIVE");
        assertThat(reply.at("/network/mtu").asInt()).isEqualTo(1500);
        assertThat(reply.at("/network/revision_number").asLong()).isEqualTo(1);
        assertThat(reply.at("/network/created_at").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }

    @Test
    void showListsKeysInTheReferenceShowOrder() {
        String id = admin.create("networks", "network", "{\"name\": \"shown\"}");

        Reply reply = admin.get("/v2.0/networks/" + id);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(fieldNames(reply.at("/network")))
                .startsWith("id", "name", "tenant_id", "admin_state_up", "mtu", "status")
                .endsWith(
                        "project_id",
                        "provider:network_type",
                        "provider:physical_network",
                        "provider:segmentation_id");
    }

    @Test
    void providerAttributesAreStoredAsGivenWithTheirMtu() {
        Reply reply =
                admin.post(
                        "/v2.0/networks",
                        "{\"network\": {\"name\": \"public\", \"router:external\": true,"
                                + " \"provider:network_type\": \"vxlan\","
                                + " \"provider:segmentation_id\": 77}}");

        assertThat(reply.at("/network/provider:network_type").asText()).isEqualTo("vxlan");
        assertThat(reply.at("/network/provider:segmentation_id").asInt()).isEqualTo(77);
        assertThat(reply.at("/network/mtu").asInt()).isEqualTo(1450);
        assertThat(reply.at("/network/router:external").asBoolean()).isTrue();
    }

    @Test
    void updateBumpsTheRevisionAndIfMatchGuardsIt() {
        String id = admin.create("networks", "network", "{\"name\": \"before\"}");

        Reply stale =
                admin.header("If-Match", "revision_number=7")
                        .put("/v2.0/networks/" + id, "{\"network\": {\"name\": \"after\"}}");
        Reply fresh =
                admin.header("If-Match", "revision_number=1")
                        .put("/v2.0/networks/" + id, "{\"network\": {\"name\": \"after\"}}");

        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.errorType()).isEqualTo("RevisionNumberConstraintFailed");
        assertThat(stale.errorMessage()).isEqualTo("Constrained to 7, but current revision is 1");
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.at("/network/name").asText()).isEqualTo("after");
        assertThat(fresh.at("/network/revision_number").asLong()).isEqualTo(2);
    }

    @Test
    void deleteAnswers204AndThen404() {
        String id = admin.create("networks", "network", "{\"name\": \"doomed\"}");

        assertThat(admin.delete("/v2.0/networks/" + id).status()).isEqualTo(204);
        Reply again = admin.delete("/v2.0/networks/" + id);

        assertThat(again.status()).isEqualTo(404);
        assertThat(again.errorType()).isEqualTo("NetworkNotFound");
        assertThat(again.errorMessage()).isEqualTo("Network " + id + " could not be found.");
    }

    @Test
    void namesInAnyScriptAreKeptAndLengthCountsCharactersNotBytes() {
        String name = "日本語 ☃ 🎉 é " + "🎉".repeat(240);
        Reply reply = admin.post("/v2.0/networks", "{\"network\": {\"name\": \"" + name + "\"}}");

        assertThat(reply.status()).isEqualTo(201);
        String id = reply.at("/network/id").asText();
        assertThat(admin.get("/v2.0/networks/" + id).at("/network/name").asText()).isEqualTo(name);
    }

    @Test
    void tagsAreSetListedAndFilteredOn() {
        String id = admin.create("networks", "network", "{\"name\": \"tagged\"}");

        Reply set = admin.put("/v2.0/networks/" + id + "/tags", "{\"tags\": [\"web\", \"blue\"]}");
        Reply one = admin.put("/v2.0/networks/" + id + "/tags/red", null);
        Reply shown = admin.get("/v2.0/networks/" + id);
        Reply filtered = admin.get("/v2.0/networks?tags=blue,red&fields=id");

        assertThat(set.at("/tags").toString()).isEqualTo("[\"web\",\"blue\"]");
        assertThat(one.status()).isEqualTo(201);
        assertThat(shown.at("/network/tags").toString()).isEqualTo("[\"blue\",\"red\",\"web\"]");
        assertThat(shown.at("/network/revision_number").asLong()).isEqualTo(3);
        assertThat(filtered.at("/networks").toString()).isEqualTo("[{\"id\":\"" + id + "\"}]");
        assertThat(admin.get("/v2.0/networks/" + id + "/tags/zz").errorType())
                .isEqualTo("TagNotFound");
    }

    static java.util.List<String> fieldNames(com.fasterxml.jackson.databind.JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
