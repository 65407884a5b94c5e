package org.weft.server.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.bus.message.AgentMessages;
import org.weft.bus.message.AgentMessages.AgentState;
import org.weft.bus.message.AgentMessages.AgentStatus;
import org.weft.server.NotFoundException;
import org.weft.server.policy.Caller;
import org.weft.server.policy.ProjectId;
import org.weft.store.Database;
import org.weft.store.Store;

class AgentRegistryTest {
    private static final Duration DOWN_TIME = Duration.ofSeconds(75);
    private static final Caller ADMIN = Caller.noauthAdmin();
    private static final Caller TENANT =
            Caller.of(new ProjectId("tenant"), java.util.Set.of("member"));

    @TempDir Path dir;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T10:00:00Z"));
    private Store store;

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private AgentRegistry registry(boolean enableNewAgents) {
        store = Store.open(Database.embedded(dir), 4);
        return new AgentRegistry(store, DOWN_TIME, enableNewAgents, clock);
    }

    @Test
    void firstHeartbeatRegistersTheAgentAndLaterOnesFindItAlive() {
        AgentRegistry registry = registry(true);

        assertThat(registry.report(state("compute1", true)).status()).isEqualTo(AgentStatus.NEW);
        clock.advance(Duration.ofSeconds(30));
        assertThat(registry.report(state("compute1", false)).status()).isEqualTo(AgentStatus.ALIVE);

        Agent agent = only(registry);
        assertThat(agent.agentType()).isEqualTo(AgentMessages.OPEN_VSWITCH_AGENT);
        assertThat(agent.host()).isEqualTo("compute1");
        assertThat(agent.adminStateUp()).isTrue();
        assertThat(agent.createdAt()).isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
        assertThat(agent.heartbeatTimestamp()).isEqualTo(Instant.parse("2026-12-04T10:00:30Z"));
        assertThat(agent.configurations()).containsEntry("tunnel_types", java.util.List.of("gre"));
        assertThat(registry.isAlive(agent)).isTrue();
    }

    @Test
    void agentSilentLongerThanTheDownTimeIsDownAndThenRevived() {
        AgentRegistry registry = registry(true);
        registry.report(state("compute1", true));

        clock.advance(DOWN_TIME.plusSeconds(1));

        assertThat(registry.isAlive(only(registry))).isFalse();
        assertThat(registry.report(state("compute1", false)).status())
                .isEqualTo(AgentStatus.REVIVED);
        assertThat(registry.isAlive(only(registry))).isTrue();
    }

    @Test
    void startFlagMovesStartedAtAndOtherHeartbeatsDoNot() {
        AgentRegistry registry = registry(true);
        registry.report(state("compute1", true));
        clock.advance(Duration.ofSeconds(10));
        registry.report(state("compute1", false));
        assertThat(only(registry).startedAt()).isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));

        clock.advance(Duration.ofSeconds(10));
        registry.report(state("compute1", true));

        assertThat(only(registry).startedAt()).isEqualTo(Instant.parse("2026-12-04T10:00:20Z"));
    }

    @Test
    void eachAgentTypeOfAHostIsAnAgentOfItsOwn() {
        AgentRegistry registry = registry(true);
        registry.report(state("network", true));
        registry.report(
                new AgentState(
                        AgentMessages.DHCP_AGENT,
                        "weft-dhcp-agent",
                        "network",
                        "dhcp_agent",
                        Map.of(),
                        true,
                        null));

        assertThat(registry.list(ADMIN))
                .extracting(Agent::agentType)
                .containsExactlyInAnyOrder(
                        AgentMessages.OPEN_VSWITCH_AGENT, AgentMessages.DHCP_AGENT);
    }

    @Test
    void newAgentsStartDisabledWhenTheServerSaysSo() {
        AgentRegistry registry = registry(false);

        registry.report(state("compute1", true));

        assertThat(only(registry).adminStateUp()).isFalse();
    }

    @Test
    void updateAndDeleteChangeOnlyWhatTheySay() {
        AgentRegistry registry = registry(true);
        registry.report(state("compute1", true));
        AgentId id = only(registry).id();

        registry.update(ADMIN, id, Optional.of(false), Optional.of("rack 4"));
        Agent updated = registry.show(ADMIN, id);
        assertThat(updated.adminStateUp()).isFalse();
        assertThat(updated.description()).hasValue("rack 4");
        registry.report(state("compute1", false));
        assertThat(registry.show(ADMIN, id).adminStateUp()).isFalse();

        registry.delete(ADMIN, id);
        assertThat(registry.list(ADMIN)).isEmpty();
    }

    @Test
    void onlyAdministratorsSeeAgents() {
        AgentRegistry registry = registry(true);
        registry.report(state("compute1", true));
        AgentId id = only(registry).id();

        assertThat(registry.list(TENANT)).isEmpty();
        assertThatThrownBy(() -> registry.show(TENANT, id))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("Agent " + id + " could not be found.");
        assertThatThrownBy(() -> registry.delete(TENANT, id)).isInstanceOf(NotFoundException.class);
    }

    private static Agent only(AgentRegistry registry) {
        assertThat(registry.list(ADMIN)).hasSize(1);
        return registry.list(ADMIN).get(0);
    }

    private static AgentState state(String host, boolean startFlag) {
        return new AgentState(
                AgentMessages.OPEN_VSWITCH_AGENT,
                "weft-openvswitch-agent",
                host,
                "N/A",
                Map.of("tunnel_types", java.util.List.of("gre"), "devices", 3),
                startFlag,
                null);
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
