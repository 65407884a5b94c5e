package org.weft.agent.l2.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalVlansTest {
    @Test
    void networksTakeTheLowestFreeVlanAndGiveItBack() {
        LocalVlans vlans = new LocalVlans();

        assertThat(vlans.allocate("a")).isEqualTo(1);
        assertThat(vlans.allocate("b")).isEqualTo(2);
        assertThat(vlans.allocate("a")).isEqualTo(1);
        vlans.release("a");
        assertThat(vlans.allocate("c")).isEqualTo(1);
    }

    @Test
    void networkComingBackAfterARestartKeepsItsVlanAndNewOnesPassItBy() {
        LocalVlans vlans = new LocalVlans();
        vlans.remember(Map.of("old", 1, "older", 3));

        assertThat(vlans.allocate("new")).isEqualTo(2);
        assertThat(vlans.allocate("older")).isEqualTo(3);
        assertThat(vlans.allocate("old")).isEqualTo(1);
        assertThat(vlans.allocate("newer")).isEqualTo(4);
    }
}
