package org.weft.server.policy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.server.policy.IdentityUnavailableException;
import org.weft.server.policy.KeystoneSettings;
import org.weft.store.Documents;

/**
 * The server's conversation with Keystone's identity API v3: version discovery from the endpoint as
 * configured, the server's own token (password authentication as the service user, renewed before
 * it expires), token validation and revocation events. Keystone that cannot be reached, or fails,
 * is {@link IdentityUnavailableException}.
 */
public final class IdentityClient {
    private static final Logger log = LoggerFactory.getLogger(IdentityClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

    private final KeystoneSettings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private volatile URI v3;
    private String serviceToken;
    private Instant serviceTokenExpires = Instant.MIN;

    public IdentityClient(KeystoneSettings settings) {
        this.settings = settings;
    }

    /** A token Keystone vouched for: who holds it, for which project, until when. */
    public record ValidatedToken(
            String userId,
            String userName,
            String projectId,
            java.util.Set<String> roles,
            Instant expiresAt) {}

    /** Keystone's word on {@code token}: empty when it is not (or no longer) valid. */
    public Optional<ValidatedToken> validate(String token) {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response =
                    send(
                            HttpRequest.newBuilder(endpoint().resolve("auth/tokens"))
                                    .header("X-Auth-Token", serviceToken())
                                    .header("X-Subject-Token", token)
                                    .GET());
            switch (response.statusCode()) {
                case 200:
                    return Optional.of(parseToken(body(response).path("token")));
                case 404:
                    return Optional.empty();
                case 401:
                    if (attempt == 1) {
                        // Our own token expired or was revoked: log in again, once.
                        forgetServiceToken();
                        continue;
                    }
                    throw unavailable("Keystone refused the server's own credentials");
                default:
                    throw unavailable("token validation answered " + response.statusCode());
            }
        }
    }

    /** The number of revocation events since {@code since}. */
    public int revocationsSince(Instant since) {
        HttpResponse<String> response =
                send(
                        HttpRequest.newBuilder(
                                        endpoint().resolve("OS-REVOKE/events?since=" + since))
                                .header("X-Auth-Token", serviceToken())
                                .GET());
        if (response.statusCode() != 200) {
            throw unavailable("revocation events answered " + response.statusCode());
        }
        return body(response).path("events").size();
    }

    private static ValidatedToken parseToken(JsonNode token) {
        java.util.Set<String> roles = new java.util.HashSet<>();
        token.path("roles")
                .forEach(
                        role ->
                                roles.add(
                                        role.path("name")
                                                .asText()
                                                .toLowerCase(java.util.Locale.ROOT)));
        return new ValidatedToken(
                token.path("user").path("id").asText(),
                token.path("user").path("name").asText(),
                token.path("project").path("id").asText(),
                roles,
                Instant.parse(token.path("expires_at").asText()));
    }

    private synchronized String serviceToken() {
        if (serviceToken != null
                && Instant.now().isBefore(serviceTokenExpires.minus(RENEW_BEFORE))) {
            return serviceToken;
        }
        HttpResponse<String> response =
                send(
                        HttpRequest.newBuilder(endpoint().resolve("auth/tokens"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(passwordAuth())));
        if (response.statusCode() != 201) {
            throw unavailable(
                    "Keystone refused the server's login username="
                            + settings.username()
                            + " project="
                            + settings.projectName()
                            + ": "
                            + response.statusCode());
        }
        serviceToken = response.headers().firstValue("X-Subject-Token").orElseThrow();
        serviceTokenExpires =
                Instant.parse(body(response).path("token").path("expires_at").asText());
        log.info(
                "logged in to Keystone username={} project={} expires={}",
                settings.username(),
                settings.projectName(),
                serviceTokenExpires);
        return serviceToken;
    }

    private synchronized void forgetServiceToken() {
        serviceToken = null;
    }

    private String passwordAuth() {
        ObjectNode root = Documents.MAPPER.createObjectNode();
        ObjectNode identity = root.putObject("auth").putObject("identity");
        identity.putArray("methods").add("password");
        ObjectNode user = identity.putObject("password").putObject("user");
        user.put("name", settings.username());
        user.put("password", settings.password());
        user.putObject("domain").put("name", settings.userDomain());
        ObjectNode project =
                ((ObjectNode) root.get("auth")).putObject("scope").putObject("project");
        project.put("name", settings.projectName());
        project.putObject("domain").put("name", settings.projectDomain());
        return root.toString();
    }

    /** The v3 endpoint, found once by version discovery from the configured URL. */
    private URI endpoint() {
        URI found = v3;
        if (found == null) {
            found = discover();
            v3 = found;
        }
        return found;
    }

    private URI discover() {
        URI written = settings.authUrl();
        String path = written.getPath() == null ? "" : written.getPath();
        String root = path.replaceAll("/(v2\\.0|v3)/?$", "").replaceAll("/$", "");
        URI base = written.resolve(root.isEmpty() ? "/" : root + "/");
        HttpResponse<String> response = send(HttpRequest.newBuilder(base).GET());
        for (JsonNode version : body(response).path("versions").path("values")) {
            if (version.path("id").asText().startsWith("v3")) {
                URI v3 = selfLink(version).orElse(base.resolve("v3/"));
                if (path.matches(".*/v2\\.0/?")) {
                    log.info(
                            "identity v2.0 configured auth_url={}: Keystone serves v3, using"
                                    + " endpoint={}",
                            written,
                            v3);
                }
                return v3;
            }
        }
        throw unavailable("Keystone at " + base + " offers no identity API v3");
    }

    private static Optional<URI> selfLink(JsonNode version) {
        for (JsonNode link : version.path("links")) {
            if (link.path("rel").asText().equals("self")) {
                String href = link.path("href").asText();
                return Optional.of(URI.create(href.endsWith("/") ? href : href + "/"));
            }
        }
        return Optional.empty();
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        HttpRequest request = builder.timeout(TIMEOUT).header("Accept", "application/json").build();
        try {
            HttpResponse<String> response = exchange(request);
            if (response.statusCode() >= 500) {
                throw unavailable("Keystone answered " + response.statusCode());
            }
            return response;
        } catch (IOException e) {
            throw unavailable("Keystone unreachable at " + settings.authUrl() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while asking Keystone");
        }
    }

    /**
     * One exchange, sent again once on a fresh connection when a kept-alive one turns out closed by
     * Keystone before it answered (its WSGI servers close idle connections): every request here is
     * a read or a login, safe to repeat.
     */
    private HttpResponse<String> exchange(HttpRequest request)
            throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            throw e;
        } catch (IOException e) {
            log.debug(
                    "Keystone connection lost before the answer, sending again: {}", e.toString());
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static JsonNode body(HttpResponse<String> response) {
        try {
            return Documents.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw unavailable("Keystone's answer is not JSON: " + e.getMessage());
        }
    }

    private static IdentityUnavailableException unavailable(String why) {
        log.warn("identity service unavailable: {}", why);
        return new IdentityUnavailableException(
                "The server is currently unavailable: the identity service cannot validate"
                        + " tokens. Please try again later.");
    }
}
