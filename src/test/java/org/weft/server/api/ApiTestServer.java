package org.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.weft.config.Config;
import org.weft.server.Server;
import org.weft.store.Documents;
import org.weft.testsupport.TestDatabases;

/**
 * A real {@code weft server} on a free loopback port with its embedded database in a test's
 * directory, and a plain HTTP client speaking to it.
 */
public final class ApiTestServer implements AutoCloseable {
    private final Server server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> headers = new LinkedHashMap<>();

    private ApiTestServer(Server server) {
        this.server = server;
    }

    public static ApiTestServer start(Path dataDir) {
        return start(dataDir, Config.empty());
    }

    /**
     * A server with {@code config}, on a fresh database of the product {@code -Dweft.test.database}
     * selects unless {@code config} names a connection itself.
     */
    public static ApiTestServer start(Path dataDir, Config config) {
        Config withDatabase = config;
        if (!config.isSet(org.weft.server.ServerOptions.DATABASE_CONNECTION)) {
            Optional<String> connection = TestDatabases.newConnection();
            if (connection.isPresent()) {
                withDatabase =
                        config.overlaidWith(
                                Config.fromText(
                                        "test-database.conf",
                                        "[database]\nconnection = " + connection.get() + "\n"));
            }
        }
        return new ApiTestServer(Server.prepare(withDatabase, dataDir).start("127.0.0.1", 0));
    }

    public Server server() {
        return server;
    }

    public String base() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A client of the same server sending {@code X-Project-Id} (and {@code X-Roles}). */
    public ApiTestServer.Client as(String project, String roles) {
        Client client = new Client();
        client.headers.put("X-Project-Id", project);
        if (roles != null) {
            client.headers.put("X-Roles", roles);
        }
        return client;
    }

    /** The client as the noauth administrator. */
    public Client admin() {
        return new Client();
    }

    /** An answer: the status and the body as JSON (null when there is none). */
    public record Reply(int status, JsonNode body, String text) {
        public String errorType() {
            return body.path("NeutronError").path("type").asText();
        }

        public String errorMessage() {
            return body.path("NeutronError").path("message").asText();
        }

        public JsonNode at(String pointer) {
            return body.at(pointer);
        }
    }

    /** Sends requests with its own headers. */
    public final class Client {
        private final Map<String, String> headers = new LinkedHashMap<>(ApiTestServer.this.headers);

        public Client header(String name, String value) {
            Client copy = new Client();
            copy.headers.putAll(headers);
            copy.headers.put(name, value);
            return copy;
        }

        public Reply get(String path) {
            return send("GET", path, null);
        }

        public Reply delete(String path) {
            return send("DELETE", path, null);
        }

        public Reply post(String path, String body) {
            return send("POST", path, body);
        }

        public Reply put(String path, String body) {
            return send("PUT", path, body);
        }

        /** Creates a resource and returns its id; fails the test unless 201. */
        public String create(String collection, String member, String attributes) {
            Reply reply = post("/v2.0/" + collection, "{\"" + member + "\": " + attributes + "}");
            if (reply.status() != 201) {
                throw new AssertionError("create " + member + " failed: " + reply.text());
            }
            return reply.body().path(member).path("id").asText();
        }

        public Reply send(String method, String path, String body) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(URI.create(base() + path))
                            .timeout(Duration.ofSeconds(30))
                            .header("Accept", "application/json");
            headers.forEach(request::header);
            if (body != null) {
                request.header("Content-Type", "application/json");
                request.method(method, HttpRequest.BodyPublishers.ofString(body));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            try {
                HttpResponse<String> response =
                        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                String text = response.body();
                JsonNode json = text.isEmpty() ? null : parse(text);
                return new Reply(response.statusCode(), json, text);
            } catch (IOException e) {
                throw new AssertionError(method + " " + path + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private static JsonNode parse(String text) {
        try {
            return Documents.MAPPER.readTree(text);
        } catch (IOException e) {
            ObjectNode raw = Documents.MAPPER.createObjectNode();
            raw.put("raw", text);
            return raw;
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
