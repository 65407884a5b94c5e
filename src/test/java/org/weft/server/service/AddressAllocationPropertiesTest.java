package org.weft.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.weft.server.ConflictException;
import org.weft.server.ipam.IpAddress;

/**
 * Whatever the order of creates and deletes, ports on a small subnet hold distinct addresses of its
 * pool, and a create fails only when every pool address is taken.
 */
class AddressAllocationPropertiesTest {
    /** A /28: 16 addresses, less network, broadcast and gateway, 13 for ports. */
    private static final int POOL = 13;

    private static ServiceFixture fixture;

    @BeforeContainer
    static void open() {
        fixture = new ServiceFixture();
        fixture.services
                .quotas()
                .update(
                        fixture.admin,
                        fixture.admin.project(),
                        java.util.Map.of("network", -1, "subnet", -1, "port", -1));
    }

    @AfterContainer
    static void close() {
        fixture.close();
    }

    @Property(tries = 20)
    void portsHoldDistinctPoolAddressesAndExhaustOnlyAFullPool(
            @ForAll @Size(min = 1, max = 60) List<Boolean> createOrDelete) {
        {
            Network network = fixture.network("small");
            fixture.subnet(network, "10.0.0.16/28");
            List<Port> live = new ArrayList<>();
            for (boolean create : createOrDelete) {
                if (create || live.isEmpty()) {
                    create(fixture, network, live);
                } else {
                    Port gone = live.remove(live.size() / 2);
                    fixture.services.ports().delete(fixture.admin, gone.id(), OptionalLong.empty());
                }
                assertDistinctInPool(live);
            }
        }
    }

    private static void create(ServiceFixture fixture, Network network, List<Port> live) {
        try {
            live.add(
                    fixture.services
                            .ports()
                            .create(
                                    fixture.admin,
                                    ServiceFixture.attributes("network_id", network.id().value())));
            assertThat(live.size()).isLessThanOrEqualTo(POOL);
        } catch (ConflictException e) {
            assertThat(e.type()).isEqualTo("IpAddressGenerationFailure");
            assertThat(live).hasSize(POOL);
        }
    }

    private static void assertDistinctInPool(List<Port> live) {
        Set<IpAddress> addresses = new HashSet<>();
        for (Port port : live) {
            IpAddress address = port.fixedIps().get(0).ipAddress();
            int last = address.value().intValue() & 0xff;
            assertThat(last).isBetween(18, 30);
            assertThat(addresses.add(address)).as("%s held twice", address).isTrue();
        }
    }
}
