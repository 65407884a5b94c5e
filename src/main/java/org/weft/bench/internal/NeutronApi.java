package org.weft.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.weft.bench.HttpConnection;
import org.weft.bench.HttpResponse;

/**
 * The few Networking API calls a benchmark makes around its timed loops (setup, quotas, cleanup),
 * one at a time on one connection. An unexpected answer is an exception naming the call.
 */
public final class NeutronApi implements Closeable {
    static final Map<String, String> JSON_HEADERS =
            Map.of("Accept", "application/json", "Content-Type", "application/json");
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpConnection connection;

    public NeutronApi(URI base) {
        this.connection = new HttpConnection(base);
    }

    /** Whether the server answers a network list at all. */
    public static boolean answers(URI base) {
        try (NeutronApi api = new NeutronApi(base)) {
            return api.connection.send("GET", "/v2.0/networks?limit=1", JSON_HEADERS).status()
                    == 200;
        } catch (IOException e) {
            return false;
        }
    }

    public JsonNode createNetwork(String name) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("network").put("name", name);
        return call("POST", "/v2.0/networks", body, 201).path("network");
    }

    public JsonNode createSubnet(String networkId, String cidr, String name) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("subnet")
                .put("network_id", networkId)
                .put("ip_version", 4)
                .put("cidr", cidr)
                .put("name", name);
        return call("POST", "/v2.0/subnets", body, 201).path("subnet");
    }

    /** Sets {@code project}'s quotas as an operator would: {@code PUT /v2.0/quotas/PROJECT}. */
    public JsonNode setQuotas(String project, Map<String, Integer> limits) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode quota = body.putObject("quota");
        limits.forEach(quota::put);
        return call("PUT", "/v2.0/quotas/" + project, body, 200).path("quota");
    }

    /**
     * Returns {@code project}'s quotas to the server's defaults: {@code DELETE
     * /v2.0/quotas/PROJECT}.
     */
    public void resetQuotas(String project) throws IOException {
        delete("/v2.0/quotas/" + project);
    }

    /** The ids of every port on the network. */
    public List<String> portIds(String networkId) throws IOException {
        JsonNode ports =
                call("GET", "/v2.0/ports?network_id=" + networkId + "&fields=id", null, 200)
                        .path("ports");
        List<String> ids = new ArrayList<>();
        ports.forEach(port -> ids.add(port.path("id").asText()));
        return ids;
    }

    public void delete(String path) throws IOException {
        call("DELETE", path, null, 204);
    }

    private JsonNode call(String method, String path, JsonNode body, int expected)
            throws IOException {
        byte[] bytes = body == null ? null : JSON.writeValueAsBytes(body);
        HttpResponse response = connection.send(method, path, JSON_HEADERS, bytes);
        if (response.status() != expected) {
            throw new IOException(
                    method
                            + " "
                            + path
                            + " answered "
                            + response.status()
                            + " (expected "
                            + expected
                            + "): "
                            + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body().length == 0
                ? JSON.createObjectNode()
                : JSON.readTree(response.body());
    }

    @Override
    public void close() {
        connection.close();
    }
}
