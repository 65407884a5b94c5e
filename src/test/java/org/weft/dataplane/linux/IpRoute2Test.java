package org.weft.dataplane.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IpRoute2Test {
    private static final String LEFT = "wlead-left";
    private static final String RIGHT = "wlead-right";
    private final IpRoute2 root = IpRoute2.in(Placement.here());

    @BeforeEach
    @AfterEach
    void removeNamespaces() {
        root.deleteNamespace(LEFT);
        root.deleteNamespace(RIGHT);
    }

    @Test
    void vethPairJoinsTwoNamespacesThatThenReachEachOther() {
        root.ensureNamespace(LEFT);
        root.ensureNamespace(RIGHT);
        IpRoute2 left = root.inside(LEFT);
        left.ensureVeth("wl-a", "wl-b");
        left.moveToNamespace("wl-b", RIGHT);
        IpRoute2 right = root.inside(RIGHT);

        left.ensureAddress("wl-a", "10.99.0.1/24");
        left.ensureAddress("wl-a", "10.99.0.1/24");
        right.ensureAddress("wl-b", "10.99.0.2/24");
        left.setUp("wl-a");
        right.setUp("wl-b");

        assertThat(left.addresses("wl-a")).containsExactly("10.99.0.1/24");
        assertThat(
                        Command.of("ping", "-c", "1", "-W", "2", "10.99.0.2")
                                .in(Placement.netns(LEFT))
                                .execute()
                                .succeeded())
                .isTrue();
        assertThat(root.linkExists("wl-a")).isFalse();
    }

    @Test
    void batchAppliesManyChangesInOneProcess() {
        root.ensureNamespace(LEFT);
        IpRoute2 left = root.inside(LEFT);

        left.batch(
                List.of(
                        "link add wl-c type veth peer name wl-d",
                        "link set wl-c up",
                        "addr add 10.98.0.1/24 dev wl-c"));

        assertThat(left.addresses("wl-c")).containsExactly("10.98.0.1/24");
    }

    @Test
    void deletingANamespaceThatIsGoneIsNotAnError() {
        root.deleteNamespace(LEFT);

        assertThat(root.namespaces()).doesNotContain(LEFT);
    }
}
