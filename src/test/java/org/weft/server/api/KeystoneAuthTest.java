package org.weft.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.config.Config;
import org.weft.lab.internal.KeystoneServer;
import org.weft.testing.LogCapture;
import org.weft.testing.LoopbackPorts;
import org.weft.testsupport.OpenstackCli;

/**
 * {@code auth_strategy = keystone} against Debian's real Keystone: the {@code openstack} client
 * logs in with a user and password as two projects, each seeing only its own networks; tokens
 * missing, invalid or revoked are refused with 401 and {@code WWW-Authenticate}; Keystone away
 * means 503; the server's own password never reaches the log.
 */
class KeystoneAuthTest {
    private static final String SERVICE_PASSWORD = "neutron-Secret-7";

    @TempDir static Path dataDir;
    static KeystoneServer keystone;
    static ApiTestServer server;
    static LogCapture logs;

    @BeforeAll
    static void start() throws Exception {
        keystone =
                KeystoneServer.start(
                        Path.of("/tmp", "wdb-keystone-" + ProcessHandle.current().pid()),
                        LoopbackPorts.free(22000, 100));
        keystone.addUser("service", "neutron", SERVICE_PASSWORD, "admin");
        keystone.addUser("alpha", "alice", "alice-pw", "member");
        keystone.addUser("beta", "bob", "bob-pw", "member");
        logs = LogCapture.weft();
        // The guide's v2.0 URL: version discovery finds v3.
        server =
                ApiTestServer.start(
                        dataDir,
                        Config.fromText(
                                "neutron.conf",
                                "[DEFAULT]\nauth_strategy = keystone\n[keystone_authtoken]\n"
                                        + "auth_url = "
                                        + keystone.root()
                                        + "/v2.0\nwww_authenticate_uri = "
                                        + keystone.v3()
                                        + "\nauth_type = password\nusername = neutron\n"
                                        + "password = "
                                        + SERVICE_PASSWORD
                                        + "\nproject_name = service\nuser_domain_name = Default\n"
                                        + "project_domain_name = Default\n"
                                        + "revocation_cache_time = 1\n"));
        keystone.registerNetworkEndpoint(server.base());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (logs != null) {
            logs.close();
        }
        if (keystone != null) {
            keystone.close();
        }
    }

    @Test
    void openstackClientAsTwoProjectsSeesOnlyEachProjectsOwnNetworks() {
        assertThat(openstack("alice", "alpha", "network", "create", "alpha-net").succeeded())
                .isTrue();
        assertThat(openstack("bob", "beta", "network", "create", "beta-net").succeeded()).isTrue();

        assertThat(
                        openstack("alice", "alpha", "network", "list", "-f", "value", "-c", "Name")
                                .out())
                .contains("alpha-net")
                .doesNotContain("beta-net");
        assertThat(openstack("bob", "beta", "network", "list", "-f", "value", "-c", "Name").out())
                .contains("beta-net")
                .doesNotContain("alpha-net");
        assertThat(logs.text())
                .contains("identity v2.0 configured")
                .doesNotContain(SERVICE_PASSWORD);
    }

    @Test
    void missingOrInvalidTokenIsRefusedWithAChallenge() throws Exception {
        HttpResponse<String> missing = get(server.base(), null);
        HttpResponse<String> invalid = get(server.base(), "not-a-token");

        for (HttpResponse<String> response : List.of(missing, invalid)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Keystone uri=\"" + keystone.v3() + "\"");
            assertThat(response.body()).contains("NeutronError");
        }
    }

    @Test
    void revokedTokenIsRefused() throws Exception {
        String token = keystone.token("alice", "alice-pw", "alpha");
        assertThat(get(server.base(), token).statusCode()).isEqualTo(200);

        keystone.revoke(token);
        Thread.sleep(2500);

        assertThat(get(server.base(), token).statusCode()).isEqualTo(401);
    }

    @Test
    void keystoneUnreachableIsServiceUnavailable(@TempDir Path otherDir) throws Exception {
        Config config =
                Config.fromText(
                        "neutron.conf",
                        "[DEFAULT]\nauth_strategy = keystone\n[keystone_authtoken]\nauth_url ="
                                + " http://127.0.0.1:"
                                + LoopbackPorts.free()
                                + "/v3\n"
                                + "username = neutron\n"
                                + "password = x\n"
                                + "project_name = service\n");
        try (ApiTestServer away = ApiTestServer.start(otherDir, config)) {
            HttpResponse<String> response = get(away.base(), "some-token");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("HTTPServiceUnavailable");
        }
    }

    private static OpenstackCli.Result openstack(String user, String project, String... args) {
        List<String> command =
                new java.util.ArrayList<>(List.of(OpenstackCli.OPENSTACK.toString()));
        command.addAll(List.of(args));
        OpenstackCli.Result result =
                OpenstackCli.execute(
                        command,
                        Map.of(
                                "OS_AUTH_URL",
                                keystone.v3().toString(),
                                "OS_USERNAME",
                                user,
                                "OS_PASSWORD",
                                user.equals("alice") ? "alice-pw" : "bob-pw",
                                "OS_PROJECT_NAME",
                                project,
                                "OS_USER_DOMAIN_NAME",
                                "Default",
                                "OS_PROJECT_DOMAIN_NAME",
                                "Default",
                                "OS_IDENTITY_API_VERSION",
                                "3",
                                "OS_REGION_NAME",
                                "RegionOne"),
                        Duration.ofMinutes(2));
        assertThat(result.exitStatus()).as(result.toString()).isZero();
        return result;
    }

    private static HttpResponse<String> get(String base, String token) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + "/v2.0/networks"))
                        .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        return HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
