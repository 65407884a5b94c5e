package org.weft.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.weft.server.ApiException;

class ChangeEventsTest {
    final ServiceFixture fixture = new ServiceFixture();
    final List<String> seen = new ArrayList<>();

    @AfterEach
    void close() {
        fixture.close();
    }

    /** Records what it is told, as a messaging listener would see it. */
    final class Recorder implements ChangeListener {
        @Override
        public void networkChanged(Change<Network> change) {
            seen.add("network " + change.kind() + " " + change.latest().name());
        }

        @Override
        public void portChanged(Change<Port> change) {
            String before = change.before().map(Port::status).orElse("-");
            String after = change.after().map(Port::status).orElse("-");
            seen.add("port " + change.kind() + " " + before + ">" + after);
        }

        @Override
        public void resourceChanged(String resource, Change<? extends StandardResource> change) {
            seen.add("any " + resource + " " + change.kind());
        }
    }

    @Test
    void listenersHearEachCommittedChangeWithItsStateBeforeAndAfter() {
        fixture.services.events().register(new Recorder());
        Network network = fixture.network("watched");
        fixture.subnet(network, "10.0.0.0/24");
        Port port =
                fixture.services
                        .ports()
                        .create(
                                fixture.admin,
                                ServiceFixture.attributes("network_id", network.id().value()));

        fixture.services.ports().updateStatus(port.id(), Port.ACTIVE);
        fixture.services.ports().delete(fixture.admin, port.id(), OptionalLong.empty());

        assertThat(seen)
                .containsSubsequence(
                        "network CREATED watched",
                        "any network CREATED",
                        "any subnet CREATED",
                        "port CREATED ->DOWN",
                        "port UPDATED DOWN>ACTIVE",
                        "port DELETED ACTIVE>-");
    }

    @Test
    void aFailedRequestTellsNothingAndStoresNothing() {
        Network network = fixture.network("strict");
        fixture.subnet(network, "10.0.0.0/24");
        fixture.services.events().register(new Recorder());

        assertThatThrownBy(
                        () ->
                                fixture.services
                                        .subnets()
                                        .create(
                                                fixture.admin,
                                                ServiceFixture.attributes(
                                                        "network_id",
                                                        network.id().value(),
                                                        "ip_version",
                                                        4,
                                                        "cidr",
                                                        "10.0.0.0/25")))
                .isInstanceOf(ApiException.class);

        assertThat(seen).isEmpty();
        assertThat(fixture.services.networks().get(fixture.admin, network.id()).subnets())
                .hasSize(1);
    }

    @Test
    void agentsFindPortsByHostAndWithTheirNetworkAndSubnets() {
        Network network = fixture.network("wired");
        Subnet subnet = fixture.subnet(network, "10.1.0.0/24");
        Port port =
                fixture.services
                        .ports()
                        .create(
                                fixture.admin,
                                ServiceFixture.attributes(
                                        "network_id",
                                        network.id().value(),
                                        "binding:host_id",
                                        "compute1"));

        Ports.Details details = fixture.services.ports().details(port.id()).orElseThrow();

        assertThat(fixture.services.ports().onHost("compute1"))
                .extracting(Port::id)
                .containsExactly(port.id());
        assertThat(fixture.services.ports().onHost("compute2")).isEmpty();
        assertThat(details.network().id()).isEqualTo(network.id());
        assertThat(details.subnets()).extracting(Subnet::id).containsExactly(subnet.id());
    }
}
