package org.weft.agent.vif;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * Reads what plugging a port needs from the Networking API, as Nova does before it calls os-vif:
 * the port's MAC, its device (the VM), whether its {@code binding:vif_details} ask for the hybrid
 * plug, and its network's MTU.
 */
public final class PortLookup {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Fetches the body of a GET on a path of the API ({@code /v2.0/ports/…}), or throws. */
    @FunctionalInterface
    public interface ApiReader {
        String get(String path);
    }

    private final ApiReader api;

    public PortLookup(ApiReader api) {
        this.api = Objects.requireNonNull(api);
    }

    /** A lookup over HTTP from this process, at {@code endpoint} ({@code http://host:9696}). */
    public static PortLookup overHttp(String endpoint, String token) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return new PortLookup(path -> get(client, endpoint, token, path));
    }

    /**
     * The port {@code portId} as plugging needs it; {@code vmUuid} is used when the port has no
     * {@code device_id} yet.
     */
    public VifPort lookUp(String portId, String vmUuid) {
        JsonNode port = read("/v2.0/ports/" + portId).path("port");
        JsonNode network =
                read("/v2.0/networks/" + port.path("network_id").asText()).path("network");
        String deviceId = port.path("device_id").asText("");
        return new VifPort(
                port.path("id").asText(portId),
                port.path("mac_address").asText(),
                network.path("mtu").asInt(1500),
                deviceId.isEmpty() ? vmUuid : deviceId,
                port.path("binding:vif_details").path("ovs_hybrid_plug").asBoolean(false));
    }

    private JsonNode read(String path) {
        String body = api.get(path);
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " answered no JSON: " + body, e);
        }
    }

    private static String get(HttpClient client, String endpoint, String token, String path) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(endpoint.replaceAll("/+$", "") + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Accept", "application/json");
        if (token != null && !token.isEmpty()) {
            request.header("X-Auth-Token", token);
        }
        try {
            HttpResponse<String> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "GET "
                                + path
                                + " answered "
                                + response.statusCode()
                                + ": "
                                + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + endpoint + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + path, e);
        }
    }
}
