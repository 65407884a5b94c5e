package org.weft.lab.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.weft.dataplane.linux.ChildProcess;
import org.weft.dataplane.linux.Placement;
import org.weft.store.Documents;

/**
 * A Keystone of a test's or a benchmark's own (Debian's {@code keystone}, identity v3): its own
 * database (SQLite: Keystone's storage is not what Weft's tests examine), configuration and Fernet
 * keys under {@code /tmp}, bootstrapped with an {@code admin} user (password {@code admin}), served
 * by {@code keystone-wsgi-public} on a loopback port.
 */
public final class KeystoneServer implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "admin";
    private final Path directory;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private ChildProcess process;
    private String adminToken;

    private KeystoneServer(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    /** Configures, bootstraps and starts a Keystone in {@code directory} on {@code port}. */
    public static KeystoneServer start(Path directory, int port) throws IOException {
        KeystoneServer keystone = new KeystoneServer(directory, port);
        try {
            keystone.configureAndServe();
        } catch (RuntimeException | IOException e) {
            keystone.close();
            throw e;
        }
        return keystone;
    }

    /** {@code http://127.0.0.1:port/v3}. */
    public URI v3() {
        return URI.create("http://127.0.0.1:" + port + "/v3");
    }

    public URI root() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private void configureAndServe() throws IOException {
        Path conf = KeystoneFiles.configure(directory, directory.resolve("keystone.log"));
        KeystoneFiles.bootstrap(conf, Placement.here(), ADMIN_PASSWORD, v3() + "/");
        process =
                ChildProcess.start(
                        "keystone",
                        List.of(
                                "keystone-wsgi-public",
                                "--host",
                                "127.0.0.1",
                                "--port",
                                Integer.toString(port)),
                        directory.resolve("wsgi.out"),
                        Map.of("OS_KEYSTONE_CONFIG_FILES", conf.toString()));
        awaitReady();
        adminToken = token("admin", ADMIN_PASSWORD, "admin");
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "keystone exited; see " + directory.resolve("wsgi.out"));
            }
            try {
                if (http.send(
                                        HttpRequest.newBuilder(v3()).build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException("keystone not ready within 60 s");
    }

    /** A project-scoped token of {@code user} (domain Default). */
    public String token(String user, String password, String project) {
        String body =
                "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\":"
                        + " {\"name\": \""
                        + user
                        + "\", \"domain\": {\"name\": \"Default\"},"
                        + " \"password\": \""
                        + password
                        + "\"}}}, \"scope\": {\"project\":"
                        + " {\"name\": \""
                        + project
                        + "\", \"domain\": {\"name\": \"Default\"}}}}}";
        HttpResponse<String> response = send("POST", "/auth/tokens", body, Map.of());
        expect(response, 201);
        return response.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    /** Revokes {@code token}, as {@code openstack token revoke} does. */
    public void revoke(String token) {
        expect(send("DELETE", "/auth/tokens", null, Map.of("X-Subject-Token", token)), 204);
    }

    /** Creates {@code project} and {@code user} with {@code password} and {@code role} on it. */
    public void addUser(String project, String user, String password, String role) {
        String projectId =
                create(
                        "projects",
                        "project",
                        "{\"name\": \"" + project + "\", \"domain_id\": \"default\"}");
        String userId =
                create(
                        "users",
                        "user",
                        "{\"name\": \""
                                + user
                                + "\", \"password\": \""
                                + password
                                + "\", \"domain_id\": \"default\"}");
        expect(
                send(
                        "PUT",
                        "/projects/" + projectId + "/users/" + userId + "/roles/" + roleId(role),
                        null,
                        Map.of()),
                204);
    }

    /** Adds Nova's compute service to the catalog at {@code url} (public, RegionOne). */
    public void registerComputeEndpoint(String url) {
        String service =
                create("services", "service", "{\"name\": \"nova\", \"type\": \"compute\"}");
        create(
                "endpoints",
                "endpoint",
                "{\"service_id\": \""
                        + service
                        + "\", \"interface\": \"public\", \"region_id\": \"RegionOne\", \"url\": \""
                        + url
                        + "\"}");
    }

    /**
     * The role names {@code token} carries, as a service's middleware learns them from Keystone;
     * empty when Keystone does not vouch for the token.
     */
    public java.util.Optional<java.util.Set<String>> roles(String token) {
        HttpResponse<String> response =
                send("GET", "/auth/tokens", null, Map.of("X-Subject-Token", token));
        if (response.statusCode() != 200) {
            return java.util.Optional.empty();
        }
        java.util.Set<String> roles = new java.util.HashSet<>();
        json(response).path("token").path("roles").forEach(r -> roles.add(r.path("name").asText()));
        return java.util.Optional.of(roles);
    }

    /** Adds the network service to the catalog at {@code url}. */
    public void registerNetworkEndpoint(String url) {
        String service =
                create("services", "service", "{\"name\": \"neutron\", \"type\": \"network\"}");
        create(
                "endpoints",
                "endpoint",
                "{\"service_id\": \""
                        + service
                        + "\", \"interface\": \"public\", \"region_id\": \"RegionOne\", \"url\": \""
                        + url
                        + "\"}");
    }

    private String roleId(String name) {
        HttpResponse<String> response = send("GET", "/roles?name=" + name, null, Map.of());
        expect(response, 200);
        JsonNode roles = json(response).path("roles");
        if (roles.size() > 0) {
            return roles.get(0).path("id").asText();
        }
        return create("roles", "role", "{\"name\": \"" + name + "\"}");
    }

    private String create(String collection, String member, String attributes) {
        HttpResponse<String> response =
                send(
                        "POST",
                        "/" + collection,
                        "{\"" + member + "\": " + attributes + "}",
                        Map.of());
        expect(response, 201);
        return json(response).path(member).path("id").asText();
    }

    private HttpResponse<String> send(
            String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(v3() + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (adminToken != null) {
            request.header("X-Auth-Token", adminToken);
        }
        headers.forEach(request::header);
        try {
            try {
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException closedBeforeAnswer) {
                // keystone-wsgi-public closes kept-alive connections; one fresh try.
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(
                    response.request().method()
                            + " "
                            + response.uri()
                            + " answered "
                            + response.statusCode()
                            + ": "
                            + response.body());
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return Documents.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop(Duration.ofSeconds(10));
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // Gone already, or swept by the next run.
        }
    }
}
