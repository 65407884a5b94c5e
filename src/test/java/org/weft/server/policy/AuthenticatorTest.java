package org.weft.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    private static Caller noauth(Map<String, String> headers) {
        return Authenticator.NOAUTH.authenticate(headers::get);
    }

    @Test
    void withoutHeadersTheCallerIsAdminOfTheFakeProject() {
        Caller caller = noauth(Map.of());

        assertThat(caller.admin()).isTrue();
        assertThat(caller.project().value()).isEqualTo("fake_project_id");
    }

    @Test
    void aNamedProjectMakesAUserOfIt() {
        Caller caller = noauth(Map.of("X-Project-Id", "demo", "X-Roles", "member, reader"));

        assertThat(caller.admin()).isFalse();
        assertThat(caller.project().value()).isEqualTo("demo");
        assertThat(caller.roles()).containsExactlyInAnyOrder("member", "reader");
    }

    @Test
    void theAdminRoleMakesAnAdministrator() {
        assertThat(noauth(Map.of("X-Project-Id", "ops", "X-Roles", "Admin")).admin()).isTrue();
    }

    @Test
    void networkOwnerAccessIsForAdministratorsAndOwners() {
        Caller user = Caller.of(new ProjectId("demo"), java.util.Set.of());

        assertThat(Access.ANYONE.allows(user, false)).isTrue();
        assertThat(Access.NETWORK_OWNER.allows(user, true)).isTrue();
        assertThat(Access.NETWORK_OWNER.allows(user, false)).isFalse();
        assertThat(Access.ADMIN.allows(user, true)).isFalse();
        assertThat(Access.ADMIN.allows(Caller.noauthAdmin(), false)).isTrue();
    }
}
