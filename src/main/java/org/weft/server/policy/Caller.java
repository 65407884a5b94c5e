package org.weft.server.policy;

import java.util.Set;

/**
 * Who makes a request: the project it acts for, its roles, and whether it is an administrator. The
 * HTTP API makes one from the noauth headers or (later) a validated Keystone token; agents' calls
 * over the bus act as {@link #service()}.
 *
 * @param project the project the caller acts for
 * @param roles the caller's roles, lower case
 * @param admin whether the caller has the {@code admin} role (or is Weft itself)
 */
public record Caller(ProjectId project, Set<String> roles, boolean admin) {
    /** The project of a noauth caller that names none, as the reference server calls it. */
    public static final ProjectId NOAUTH_PROJECT = new ProjectId("fake_project_id");

    public Caller {
        roles = Set.copyOf(roles);
    }

    /** The caller of a noauth request without {@code X-Project-Id}: admin of the fixed project. */
    public static Caller noauthAdmin() {
        return new Caller(NOAUTH_PROJECT, Set.of("admin"), true);
    }

    /** Weft's own servers and agents acting on behalf of the system. */
    public static Caller service() {
        return new Caller(NOAUTH_PROJECT, Set.of("admin", "service"), true);
    }

    /** A caller of {@code project} with {@code roles}; admin when one of them is {@code admin}. */
    public static Caller of(ProjectId project, Set<String> roles) {
        return new Caller(project, roles, roles.contains("admin"));
    }

    /** Whether the caller owns what {@code owner} owns. */
    public boolean owns(ProjectId owner) {
        return project.equals(owner);
    }
}
