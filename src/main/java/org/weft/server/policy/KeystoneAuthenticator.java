package org.weft.server.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.server.policy.internal.IdentityClient;
import org.weft.server.policy.internal.IdentityClient.ValidatedToken;

/**
 * {@code auth_strategy = keystone}: the caller of a request is whoever Keystone says its {@code
 * X-Auth-Token} belongs to, acting for the token's project with its roles. A validated token is
 * trusted without asking again until it expires, {@code token_cache_time} passes, or Keystone
 * reports a revocation (checked every {@code revocation_cache_time}; any new revocation event
 * empties the cache, which costs only fresh validations).
 */
public final class KeystoneAuthenticator implements Authenticator {
    private static final Logger log = LoggerFactory.getLogger(KeystoneAuthenticator.class);

    private final KeystoneSettings settings;
    private final IdentityClient identity;
    private final Map<String, Trusted> cache = new ConcurrentHashMap<>();
    private volatile Instant lastRevocationCheck = Instant.now();

    private record Trusted(ValidatedToken token, Instant until) {}

    public KeystoneAuthenticator(KeystoneSettings settings) {
        this.settings = settings;
        this.identity = new IdentityClient(settings);
        log.info("tokens validated by Keystone {}", settings);
    }

    @Override
    public Caller authenticate(Function<String, String> header) {
        String token =
                Optional.ofNullable(header.apply("X-Auth-Token")).map(String::strip).orElse("");
        if (token.isEmpty()) {
            throw unauthorized();
        }
        ValidatedToken validated = validated(token);
        return Caller.of(new ProjectId(validated.projectId()), validated.roles());
    }

    /** Drops every cached validation: the next request of each token asks Keystone again. */
    public void forgetValidations() {
        cache.clear();
    }

    private ValidatedToken validated(String token) {
        checkRevocations();
        String key = digest(token);
        Instant now = Instant.now();
        Trusted trusted = cache.get(key);
        if (trusted != null && now.isBefore(trusted.until())) {
            return trusted.token();
        }
        ValidatedToken validated = identity.validate(token).orElseThrow(this::unauthorized);
        if (validated.projectId().isEmpty()) {
            throw new UnauthorizedException(
                    "The request you have made requires a project-scoped token.", challenge());
        }
        Instant until = min(validated.expiresAt(), now.plus(settings.cacheTime()));
        cache.put(key, new Trusted(validated, until));
        log.debug(
                "token validated user={} project={}", validated.userName(), validated.projectId());
        return validated;
    }

    private void checkRevocations() {
        Instant last = lastRevocationCheck;
        Instant now = Instant.now();
        if (now.isBefore(last.plus(settings.revocationCheckInterval()))) {
            return;
        }
        lastRevocationCheck = now;
        try {
            if (identity.revocationsSince(last.minusSeconds(1).truncatedTo(ChronoUnit.SECONDS))
                    > 0) {
                log.info("tokens revoked in Keystone: cached validations dropped");
                cache.clear();
            }
        } catch (IdentityUnavailableException e) {
            // Checked again at the next interval; the cached validations stay bounded by
            // token_cache_time meanwhile.
            lastRevocationCheck = last;
        }
    }

    private UnauthorizedException unauthorized() {
        return new UnauthorizedException(
                "The request you have made requires authentication.", challenge());
    }

    private String challenge() {
        return "Keystone uri=\"" + settings.challengeUri() + "\"";
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String digest(String token) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
