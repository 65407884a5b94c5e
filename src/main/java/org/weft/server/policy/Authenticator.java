package org.weft.server.policy;

import java.util.Optional;
import java.util.function.Function;

/**
 * Finds who makes a request from its headers: noauth trusts them; Keystone validates {@code
 * X-Auth-Token}. Both give a {@link Caller}.
 */
@FunctionalInterface
public interface Authenticator {
    /**
     * The caller of a request whose headers {@code header} returns (null for absent ones).
     *
     * @throws org.weft.server.ApiException when the request must be refused (401)
     */
    Caller authenticate(Function<String, String> header);

    /**
     * {@code auth_strategy = noauth}: an administrator of {@code fake_project_id}, unless {@code
     * X-Project-Id} names a project, which makes the caller a user of it with the roles of {@code
     * X-Roles} (comma-separated; {@code admin} among them makes an administrator).
     */
    Authenticator NOAUTH =
            header -> {
                Optional<String> project =
                        Optional.ofNullable(header.apply("X-Project-Id"))
                                .or(() -> Optional.ofNullable(header.apply("X-Tenant-Id")))
                                .map(String::strip)
                                .filter(value -> !value.isEmpty());
                if (project.isEmpty()) {
                    return Caller.noauthAdmin();
                }
                java.util.Set<String> roles = new java.util.HashSet<>();
                String written = header.apply("X-Roles");
                if (written != null) {
                    for (String role : written.split(",")) {
                        if (!role.isBlank()) {
                            roles.add(role.strip().toLowerCase(java.util.Locale.ROOT));
                        }
                    }
                }
                return Caller.of(new ProjectId(project.get()), roles);
            };
}
