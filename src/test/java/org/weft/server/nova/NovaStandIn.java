package org.weft.server.nova;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.weft.lab.internal.KeystoneServer;
import org.weft.store.Documents;

/**
 * Nova's {@code POST /v2.1/os-server-external-events} as Nova checks it: the path, a JSON body
 * {@code {"events": [...]}} whose events have a known {@code name}, a UUID {@code server_uuid}, a
 * string {@code tag}, a known {@code status} and nothing else, and an {@code X-Auth-Token} that
 * Keystone vouches for with the admin or service role. What it accepts is recorded; anything else
 * is answered 400/401/404 and recorded as a violation, which the test must find empty. It answers
 * {@code status} (200 unless told otherwise) to requests that pass.
 */
final class NovaStandIn implements AutoCloseable {
    static final String PATH = "/v2.1/os-server-external-events";
    private static final Set<String> NAMES =
            Set.of(
                    "network-changed",
                    "network-vif-plugged",
                    "network-vif-unplugged",
                    "network-vif-deleted",
                    "volume-extended",
                    "power-update",
                    "accelerator-request-bound");
    private static final Set<String> STATUSES = Set.of("failed", "completed", "in-progress");
    private static final Set<String> KEYS = Set.of("name", "server_uuid", "tag", "status");

    private final HttpServer http;
    private final KeystoneServer keystone;
    private final List<NovaEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private volatile int requests;
    private volatile int status = 200;

    private NovaStandIn(HttpServer http, KeystoneServer keystone) {
        this.http = http;
        this.keystone = keystone;
    }

    static NovaStandIn start(int port, KeystoneServer keystone) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        NovaStandIn nova = new NovaStandIn(http, keystone);
        http.createContext("/", nova::handle);
        http.setExecutor(Executors.newSingleThreadExecutor());
        http.start();
        return nova;
    }

    /** {@code http://127.0.0.1:port/v2.1}, the catalog's compute URL. */
    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/v2.1";
    }

    List<NovaEvent> events() {
        return events;
    }

    List<String> violations() {
        return violations;
    }

    int requests() {
        return requests;
    }

    /** From now on, requests that pass the checks are answered {@code code}, as a failing Nova. */
    void answer(int code) {
        status = code;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests++;
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!exchange.getRequestMethod().equals("POST")
                || !exchange.getRequestURI().getPath().equals(PATH)) {
            refuse(exchange, 404, exchange.getRequestMethod() + " " + exchange.getRequestURI());
            return;
        }
        String token = exchange.getRequestHeaders().getFirst("X-Auth-Token");
        Set<String> roles = token == null ? Set.of() : keystone.roles(token).orElse(Set.of());
        if (!roles.contains("admin") && !roles.contains("service")) {
            refuse(exchange, 401, "token not valid for the events API: " + token + " " + roles);
            return;
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            refuse(exchange, 400, "Content-Type " + type);
            return;
        }
        List<NovaEvent> accepted = new ArrayList<>();
        String problem = check(body, accepted);
        if (problem != null) {
            refuse(exchange, 400, problem + ": " + body);
            return;
        }
        if (status != 200) {
            reply(exchange, status, "{}");
            return;
        }
        events.addAll(accepted);
        StringBuilder answer = new StringBuilder("{\"events\": [");
        for (int i = 0; i < accepted.size(); i++) {
            NovaEvent e = accepted.get(i);
            answer.append(i == 0 ? "" : ", ")
                    .append(
                            Documents.MAPPER
                                    .valueToTree(e)
                                    .toString()
                                    .replaceFirst("}$", ", \"code\": 200}"));
        }
        reply(exchange, 200, answer.append("]}").toString());
    }

    /** The body's problem as Nova's schema sees it, or null; the events go to {@code accepted}. */
    private static String check(String body, List<NovaEvent> accepted) {
        JsonNode root;
        try {
            root = Documents.MAPPER.readTree(body);
        } catch (IOException e) {
            return "not JSON";
        }
        JsonNode list = root.path("events");
        if (root.size() != 1 || !list.isArray() || list.isEmpty()) {
            return "no events list";
        }
        for (JsonNode event : list) {
            for (Iterator<String> keys = event.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!KEYS.contains(key)) {
                    return "unexpected key " + key;
                }
            }
            String name = event.path("name").asText();
            String server = event.path("server_uuid").asText();
            String status = event.path("status").asText("completed");
            if (!NAMES.contains(name)
                    || !server.matches(
                            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                    || !STATUSES.contains(status)
                    || (event.has("tag") && !event.get("tag").isTextual())) {
                return "bad event " + event;
            }
            accepted.add(new NovaEvent(name, server, event.path("tag").asText(), status));
        }
        return null;
    }

    private void refuse(HttpExchange exchange, int code, String why) throws IOException {
        violations.add(why);
        reply(exchange, code, "{\"error\": \"" + code + "\"}");
    }

    private static void reply(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
