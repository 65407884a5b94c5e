package org.weft.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.config.Config;
import org.weft.server.api.ApiTestServer.Client;
import org.weft.server.api.ApiTestServer.Reply;

class QuotaApiTest {
    @TempDir static Path dataDir;
    static ApiTestServer server;
    static Client admin;

    @BeforeAll
    static void start() {
        server =
                ApiTestServer.start(
                        dataDir, Config.fromText("quantum.conf", "[QUOTAS]\nquota_router = 12\n"));
        admin = server.admin();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void defaultsAreNeutronsAndTheConfiguredOnes() {
        Reply reply = admin.get("/v2.0/quotas/some-project/default");

        assertThat(reply.at("/quota").toString())
                .isEqualTo(
                        "{\"network\":100,\"subnet\":100,\"subnetpool\":-1,\"port\":500,\"router\":12,"
                            + "\"floatingip\":50,\"rbac_policy\":10,\"security_group\":10,"
                            + "\"security_group_rule\":100}");
    }

    @Test
    void limitsAreEnforcedForAdministratorsToo() {
        admin.put("/v2.0/quotas/fake_project_id", "{\"quota\": {\"network\": 2}}");
        long existing =
                admin.get("/v2.0/networks?tenant_id=fake_project_id&fields=id")
                        .at("/networks")
                        .size();
        for (long i = existing; i < 2; i++) {
            admin.create("networks", "network", "{\"name\": \"n" + i + "\"}");
        }

        Reply refused = admin.post("/v2.0/networks", "{\"network\": {\"name\": \"one-too-many\"}}");
        Reply details = admin.get("/v2.0/quotas/fake_project_id/details");
        admin.delete("/v2.0/quotas/fake_project_id");
        Reply afterReset =
                admin.post("/v2.0/networks", "{\"network\": {\"name\": \"fits-again\"}}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorType()).isEqualTo("OverQuota");
        assertThat(refused.errorMessage()).isEqualTo("Quota exceeded for resources: ['network'].");
        assertThat(details.at("/quota/network/limit").asInt()).isEqualTo(2);
        assertThat(details.at("/quota/network/used").asInt()).isEqualTo(2);
        assertThat(afterReset.status()).isEqualTo(201);
    }

    @Test
    void setLimitsAreListedAndResetTo404WhenNoneAreLeft() {
        Reply set = admin.put("/v2.0/quotas/p2", "{\"quota\": {\"port\": 2000, \"subnet\": -1}}");
        Reply listed = admin.get("/v2.0/quotas");
        Reply reset = admin.delete("/v2.0/quotas/p2");
        Reply again = admin.delete("/v2.0/quotas/p2");

        assertThat(set.at("/quota/port").asInt()).isEqualTo(2000);
        assertThat(set.at("/quota/subnet").asInt()).isEqualTo(-1);
        assertThat(listed.text()).contains("\"project_id\":\"p2\"", "\"tenant_id\":\"p2\"");
        assertThat(reset.status()).isEqualTo(204);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.errorType()).isEqualTo("TenantQuotaNotFound");
    }

    @Test
    void badLimitsAreRefused() {
        assertThat(admin.put("/v2.0/quotas/p3", "{\"quota\": {\"port\": \"x\"}}").errorMessage())
                .isEqualTo("Invalid input for operation: 'x' is not an integer.");
        assertThat(admin.put("/v2.0/quotas/p3", "{\"quota\": {\"bogus\": 3}}").errorMessage())
                .isEqualTo("Unrecognized attribute(s) 'bogus'");
        assertThat(admin.put("/v2.0/quotas/p3", "{\"quota\": {\"network\": -2}}").errorMessage())
                .isEqualTo(
                        "Invalid input for network. Reason: '-2' is too small - must be at least"
                                + " '-1'.");
        assertThat(
                        server.as("p3", null)
                                .put("/v2.0/quotas/p3", "{\"quota\": {\"port\": 9}}")
                                .status())
                .isEqualTo(403);
    }

    @Test
    void aUserSeesItsOwnProjectAsTheTenant() {
        assertThat(
                        server.as("demo", null)
                                .get("/v2.0/quotas/tenant")
                                .at("/tenant/tenant_id")
                                .asText())
                .isEqualTo("demo");
    }
}
