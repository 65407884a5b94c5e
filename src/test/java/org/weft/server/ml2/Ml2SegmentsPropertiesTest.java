package org.weft.server.ml2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import org.weft.config.Config;
import org.weft.server.service.NetworkId;
import org.weft.server.service.Segment;
import org.weft.store.Database;
import org.weft.store.Store;

class Ml2SegmentsPropertiesTest {
    private static final Store store =
            Store.open(Database.inMemory("ml2-properties-" + UUID.randomUUID()), 4);
    private static final Ml2Segments segments =
            new Ml2Segments(
                    SegmentSettings.from(
                            Config.fromText(
                                    "ml2.ini",
                                    """
                                    [ml2]
                                    tenant_network_types = vxlan
                                    [ml2_type_vxlan]
                                    vni_ranges = 10:14,20:22
                                    """)));

    @AfterContainer
    static void close() {
        store.close();
    }

    /**
     * Any sequence of creates (a non-negative step) and deletes (a negative step picks a held
     * network) keeps every held key distinct and in range, and a create gets the lowest free key
     * exactly when one is left.
     */
    @Property(tries = 60)
    void createsAndDeletesKeepKeysDistinctLowestFirstAndInRange(
            @ForAll @Size(max = 30) List<@IntRange(min = -5, max = 5) Integer> steps) {
        List<Integer> pool = List.of(10, 11, 12, 13, 14, 20, 21, 22);
        Map<Integer, NetworkId> held = new TreeMap<>();
        try {
            for (int step : steps) {
                if (step < 0 && !held.isEmpty()) {
                    List<Integer> keys = new ArrayList<>(held.keySet());
                    int key = keys.get(-step % keys.size());
                    release(held.remove(key));
                    continue;
                }
                Optional<Integer> expected =
                        pool.stream().filter(key -> !held.containsKey(key)).findFirst();
                NetworkId network = NetworkId.random();
                Optional<Integer> got = create(network);
                assertThat(got).isEqualTo(expected);
                got.ifPresent(key -> held.put(key, network));
            }
        } finally {
            held.values().forEach(Ml2SegmentsPropertiesTest::release);
        }
    }

    private static Optional<Integer> create(NetworkId network) {
        try {
            return store.inTransaction(tx -> segments.allocate(tx, network, Segment.none()))
                    .segmentationId();
        } catch (NoNetworkAvailableException e) {
            return Optional.empty();
        }
    }

    private static void release(NetworkId network) {
        store.inTransaction(
                tx -> {
                    segments.release(tx, network, Segment.none());
                    return null;
                });
    }
}
