package org.weft.server.nova.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.server.nova.NovaEvent;
import org.weft.store.Documents;

/**
 * Nova's {@code os-server-external-events} reached as a service user: a token and the catalog from
 * Keystone's identity v3 ({@code POST /v3/auth/tokens}, password method, project scope), renewed
 * before it expires and when Nova refuses it; Nova's endpoint from the catalog (type {@code
 * compute}, the interface and region asked).
 */
public final class NovaClient {
    private static final Logger log = LoggerFactory.getLogger(NovaClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

    /** How to log in to Keystone and which of Nova's endpoints to use. */
    public record Settings(
            URI authUrl,
            String username,
            String password,
            String projectName,
            String userDomain,
            String projectDomain,
            Optional<String> region,
            String endpointInterface) {
        @Override
        public String toString() {
            return "auth_url=" + authUrl + " username=" + username + " project=" + projectName;
        }
    }

    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private String token;
    private Instant expires = Instant.MIN;
    private URI events;

    public NovaClient(Settings settings) {
        this.settings = settings;
    }

    /**
     * Sends {@code batch} in one request. Nova's per-event refusals (an instance it does not know)
     * are logged, not retried; Keystone or Nova unreachable or failing is {@link
     * NovaUnavailableException}, for the caller to retry.
     */
    public void send(List<NovaEvent> batch) {
        ObjectNode body = Documents.MAPPER.createObjectNode();
        body.set("events", Documents.MAPPER.valueToTree(batch));
        for (int attempt = 1; ; attempt++) {
            login();
            HttpResponse<String> response =
                    post(events, body.toString(), token, "X-OpenStack-Nova-API-Version", "2.1");
            int status = response.statusCode();
            if (status == 401 && attempt == 1) {
                forgetToken();
                continue;
            }
            if (status == 200 || status == 207) {
                logRefusals(response);
                return;
            }
            if (status == 404) {
                log.warn("Nova knows none of the instances events={}", batch);
                return;
            }
            throw new NovaUnavailableException(
                    "Nova answered "
                            + status
                            + " to "
                            + batch.size()
                            + " events: "
                            + response.body());
        }
    }

    private synchronized void login() {
        if (token != null && Instant.now().isBefore(expires.minus(RENEW_BEFORE))) {
            return;
        }
        HttpResponse<String> response =
                post(identityV3().resolve("auth/tokens"), passwordAuth(), null);
        if (response.statusCode() != 201) {
            throw new NovaUnavailableException(
                    "Keystone refused the login for Nova's events "
                            + settings
                            + ": "
                            + response.statusCode());
        }
        JsonNode issued = json(response).path("token");
        token = response.headers().firstValue("X-Subject-Token").orElseThrow();
        expires = Instant.parse(issued.path("expires_at").asText());
        events = computeEndpoint(issued.path("catalog")).resolve("os-server-external-events");
        log.info("logged in to Keystone for Nova's events {} nova={}", settings, events);
    }

    private synchronized void forgetToken() {
        token = null;
    }

    /** {@code auth_url} as written, made Keystone's v3 root ({@code .../v3/}). */
    private URI identityV3() {
        String url = settings.authUrl().toString().replaceAll("/+$", "");
        if (url.endsWith("/v2.0")) {
            url = url.substring(0, url.length() - "/v2.0".length());
        }
        return URI.create((url.endsWith("/v3") ? url : url + "/v3") + "/");
    }

    private URI computeEndpoint(JsonNode catalog) {
        for (JsonNode service : catalog) {
            if (!service.path("type").asText().equals("compute")) {
                continue;
            }
            for (JsonNode endpoint : service.path("endpoints")) {
                boolean inRegion =
                        settings.region()
                                .map(
                                        r ->
                                                r.equals(endpoint.path("region_id").asText())
                                                        || r.equals(
                                                                endpoint.path("region").asText()))
                                .orElse(true);
                if (inRegion
                        && endpoint.path("interface")
                                .asText()
                                .equals(settings.endpointInterface())) {
                    String url = endpoint.path("url").asText();
                    return URI.create(url.endsWith("/") ? url : url + "/");
                }
            }
        }
        throw new NovaUnavailableException(
                "Keystone's catalog has no compute endpoint interface="
                        + settings.endpointInterface()
                        + " region="
                        + settings.region().orElse("(any)"));
    }

    private String passwordAuth() {
        ObjectNode root = Documents.MAPPER.createObjectNode();
        ObjectNode auth = root.putObject("auth");
        ObjectNode identity = auth.putObject("identity");
        identity.putArray("methods").add("password");
        ObjectNode user = identity.putObject("password").putObject("user");
        user.put("name", settings.username());
        user.put("password", settings.password());
        user.putObject("domain").put("name", settings.userDomain());
        ObjectNode project = auth.putObject("scope").putObject("project");
        project.put("name", settings.projectName());
        project.putObject("domain").put("name", settings.projectDomain());
        return root.toString();
    }

    private void logRefusals(HttpResponse<String> response) {
        for (JsonNode event : json(response).path("events")) {
            int code = event.path("code").asInt(200);
            if (code != 200) {
                log.warn(
                        "Nova refused event name={} server={} port={} code={}",
                        event.path("name").asText(),
                        event.path("server_uuid").asText(),
                        event.path("tag").asText(),
                        code);
            }
        }
    }

    private HttpResponse<String> post(URI uri, String body, String authToken, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri)
                        .timeout(TIMEOUT)
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authToken != null) {
            request.header("X-Auth-Token", authToken);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new NovaUnavailableException("cannot reach " + uri + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NovaUnavailableException("interrupted while posting to " + uri);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return Documents.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new NovaUnavailableException(
                    response.uri() + " answered something not JSON: " + e.getMessage());
        }
    }
}
