package org.weft.server.ml2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.weft.config.Config;
import org.weft.server.ApiException;
import org.weft.server.service.NetworkId;
import org.weft.server.service.Segment;
import org.weft.store.Database;
import org.weft.store.Store;

class Ml2SegmentsTest {
    private static final String CONFIG =
            """
            [ml2]
            tenant_network_types = gre
            [ml2_type_gre]
            tunnel_id_ranges = 1:3
            [ml2_type_vxlan]
            vni_ranges = 5000:5009
            [ml2_type_vlan]
            network_vlan_ranges = physnet1:100:101,physnet2
            [ml2_type_flat]
            flat_networks = public,physnet1
            """;

    private final Store store = Store.open(Database.inMemory("ml2-" + UUID.randomUUID()), 8);
    private final Ml2Segments segments =
            new Ml2Segments(SegmentSettings.from(Config.fromText("ml2.ini", CONFIG)));

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void tenantNetworksTakeTheLowestFreeKeyOfTheRange() {
        assertThat(tenant().segmentationId()).hasValue(1);
        NetworkId second = NetworkId.random();
        assertThat(allocate(second, Segment.none()).segmentationId()).hasValue(2);
        assertThat(tenant().segmentationId()).hasValue(3);

        release(second);

        Segment again = tenant();
        assertThat(again.networkType()).hasValue("gre");
        assertThat(again.segmentationId()).hasValue(2);
    }

    @Test
    void exhaustedRangesAnswerNoNetworkAvailable() {
        tenant();
        tenant();
        tenant();

        assertThatThrownBy(this::tenant)
                .isInstanceOf(NoNetworkAvailableException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(503));
    }

    @Test
    void providerVlanOutsideTheTenantRangeIsAllowedOnceOnItsPhysicalNetwork() {
        Segment vlan = provider("vlan", "physnet2", 42);

        assertThat(vlan.physicalNetwork()).hasValue("physnet2");
        assertThat(vlan.segmentationId()).hasValue(42);
        assertThatThrownBy(() -> provider("vlan", "physnet2", 42))
                .satisfies(e -> assertThat(type(e)).isEqualTo("VlanIdInUse"))
                .hasMessage(
                        "Unable to create the network. The VLAN 42 on physical network physnet2"
                                + " is in use.");
        assertThat(provider("vlan", "physnet1", 42).segmentationId()).hasValue(42);
    }

    @Test
    void providerVlanWithoutIdTakesOneFromItsPhysicalNetworksRange() {
        assertThat(provider("vlan", "physnet1", null).segmentationId()).hasValue(100);
        assertThat(provider("vlan", null, null).segmentationId()).hasValue(101);
        assertThatThrownBy(() -> provider("vlan", "physnet1", null))
                .isInstanceOf(NoNetworkAvailableException.class);
    }

    @Test
    void providerAttributesAreCheckedAsNeutronChecksThem() {
        assertThat(invalid("vlan", "physnet1", 4095))
                .isEqualTo(
                        "Invalid input for operation: segmentation_id out of range (1 through"
                                + " 4094).");
        assertThat(invalid("vlan", "physnet9", 10))
                .isEqualTo(
                        "Invalid input for operation: physical_network 'physnet9' unknown for VLAN"
                                + " provider network.");
        assertThat(invalid("vlan", null, 10))
                .contains("segmentation_id requires physical_network for VLAN provider network");
        assertThat(invalid("gre", "physnet1", 10))
                .contains("provider:physical_network specified for gre network");
        assertThat(invalid("flat", "nowhere", null))
                .contains("physical_network 'nowhere' unknown for flat provider network");
        assertThat(invalid("flat", "public", 5)).contains("prohibited for flat provider network");
        assertThat(invalid("token-ring", null, null))
                .contains("network_type value 'token-ring' not supported");
        assertThat(invalid(null, "physnet1", null)).contains("network_type required");
        assertThat(invalid("vxlan", null, 1 << 24)).contains("1 through 16777215");
    }

    @Test
    void takenTunnelKeyIsRefusedWhateverItsOrigin() {
        Segment first = tenant();

        assertThatThrownBy(() -> provider("gre", null, first.segmentationId().orElseThrow()))
                .satisfies(e -> assertThat(type(e)).isEqualTo("TunnelIdInUse"))
                .hasMessage("Unable to create the network. The tunnel ID 1 is in use.");
        assertThat(provider("vxlan", null, 1).segmentationId()).hasValue(1);
        assertThat(provider("vxlan", null, null).segmentationId()).hasValue(5000);
    }

    @Test
    void flatNetworkTakesItsWholePhysicalNetwork() {
        Segment flat = provider("flat", "public", null);

        assertThat(flat.segmentationId()).isEmpty();
        assertThatThrownBy(() -> provider("flat", "public", null))
                .satisfies(e -> assertThat(type(e)).isEqualTo("FlatNetworkInUse"))
                .hasMessage(
                        "Unable to create the flat network. Physical network public is in use.");
        assertThat(provider("vlan", "physnet1", 5).segmentationId()).hasValue(5);
        assertThat(provider("flat", "physnet1", null).physicalNetwork()).hasValue("physnet1");
    }

    @Test
    void concurrentRequestsNeverShareASegment() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<Integer>>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                results.add(pool.submit(() -> provider("vxlan", null, null).segmentationId()));
            }
            List<Integer> ids = new ArrayList<>();
            for (Future<Optional<Integer>> result : results) {
                ids.add(result.get().orElseThrow());
            }

            assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id >= 5000 && id <= 5009);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void mtuFollowsTheSegmentType() {
        assertThat(segments.mtu(tenant())).isEqualTo(1458);
        assertThat(segments.mtu(provider("vxlan", null, 7))).isEqualTo(1450);
        assertThat(segments.mtu(provider("flat", "public", null))).isEqualTo(1500);
    }

    private Segment tenant() {
        return allocate(NetworkId.random(), Segment.none());
    }

    private Segment provider(String type, String physnet, Integer id) {
        return allocate(
                NetworkId.random(),
                new Segment(
                        Optional.ofNullable(type),
                        Optional.ofNullable(physnet),
                        Optional.ofNullable(id)));
    }

    private String invalid(String type, String physnet, Integer id) {
        try {
            provider(type, physnet, id);
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(400);
            return e.getMessage();
        }
        throw new AssertionError("accepted " + type + " " + physnet + " " + id);
    }

    private Segment allocate(NetworkId network, Segment requested) {
        return store.inTransaction(tx -> segments.allocate(tx, network, requested));
    }

    private void release(NetworkId network) {
        store.inTransaction(
                tx -> {
                    segments.release(tx, network, Segment.none());
                    return null;
                });
    }

    private static String type(Throwable e) {
        return ((ApiException) e).type();
    }
}
