package org.weft.server.policy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.weft.config.Config;
import org.weft.config.Option;
import org.weft.config.StartRefusedException;

/**
 * Where Keystone is and how the server logs in to it to validate its callers' tokens, from today's
 * {@code [keystone_authtoken]} ({@code auth_url}, {@code username}, {@code password}, {@code
 * project_name}, domains) or the guide's ({@code auth_host}, {@code auth_port}, {@code
 * auth_protocol}, {@code admin_user}, {@code admin_password}, {@code admin_tenant_name}, in {@code
 * quantum.conf} or in {@code api-paste.ini}'s {@code [filter:authtoken]}, which wins as it did for
 * the Python middleware).
 *
 * @param authUrl the identity endpoint as written (possibly a v2.0 one; see version discovery)
 * @param challengeUri what {@code WWW-Authenticate} sends clients to
 * @param username the service user
 * @param password its password; never logged
 * @param projectName the service user's project
 * @param userDomain the user's domain name
 * @param projectDomain the project's domain name
 * @param cacheTime how long a validated token is trusted without asking again
 * @param revocationCheckInterval how often Keystone's revocation events are read
 */
public record KeystoneSettings(
        URI authUrl,
        String challengeUri,
        String username,
        String password,
        String projectName,
        String userDomain,
        String projectDomain,
        Duration cacheTime,
        Duration revocationCheckInterval) {

    private static final String TODAY = "keystone_authtoken";
    private static final String PASTE = "filter:authtoken";

    @Override
    public String toString() {
        return "auth_url=" + authUrl + " username=" + username + " project=" + projectName;
    }

    /** The settings {@code config} holds; refuses the start when no identity endpoint is named. */
    public static KeystoneSettings of(Config config) {
        URI authUrl = authUrl(config);
        String challenge =
                first(config, "www_authenticate_uri", "auth_uri").orElse(authUrl.toString());
        return new KeystoneSettings(
                authUrl,
                challenge,
                first(config, "username", "admin_user").orElse(""),
                first(config, "password", "admin_password").orElse(""),
                first(config, "project_name", "admin_tenant_name").orElse(""),
                first(config, "user_domain_name").orElse("Default"),
                first(config, "project_domain_name").orElse("Default"),
                Duration.ofSeconds(number(config, "token_cache_time", 300)),
                Duration.ofSeconds(number(config, "revocation_cache_time", 10)));
    }

    private static URI authUrl(Config config) {
        Optional<String> written = first(config, "auth_url", "identity_uri");
        if (written.isPresent()) {
            return URI.create(written.get());
        }
        Optional<String> host = first(config, "auth_host");
        if (host.isEmpty()) {
            throw new StartRefusedException(
                    "auth_strategy = keystone needs [keystone_authtoken] auth_url (or the guide's"
                            + " auth_host, auth_port and auth_protocol)");
        }
        return URI.create(
                first(config, "auth_protocol").orElse("https")
                        + "://"
                        + host.get()
                        + ":"
                        + first(config, "auth_port").orElse("35357")
                        + "/v2.0");
    }

    /** The first of {@code keys} written, api-paste.ini's section before quantum.conf's. */
    private static Optional<String> first(Config config, String... keys) {
        for (String key : keys) {
            for (String section : new String[] {PASTE, TODAY}) {
                Optional<String> value =
                        config.find(Option.string(section, key).build())
                                .map(String::strip)
                                .filter(text -> !text.isEmpty());
                if (value.isPresent()) {
                    return value;
                }
            }
        }
        return Optional.empty();
    }

    private static long number(Config config, String key, long fallback) {
        Optional<String> value = first(config, key);
        try {
            return value.map(Long::parseLong).orElse(fallback);
        } catch (NumberFormatException e) {
            throw new StartRefusedException(
                    "[keystone_authtoken] " + key + " = " + value.get() + ": expected seconds");
        }
    }
}
