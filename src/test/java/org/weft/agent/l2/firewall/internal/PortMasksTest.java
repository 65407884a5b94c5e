package org.weft.agent.l2.firewall.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.weft.agent.l2.firewall.internal.PortMasks.Masked;

class PortMasksTest {

    @Test
    void oneFlowForAnAlignedRangeAndOneForASinglePort() {
        assertThat(PortMasks.of(22, 23)).containsExactly(new Masked(22, 0xfffe));
        assertThat(PortMasks.of(80, 80)).containsExactly(new Masked(80, 0xffff));
        assertThat(PortMasks.of(0, 65535)).containsExactly(new Masked(0, 0));
    }

    @Test
    void unalignedRangeIsSplit() {
        assertThat(PortMasks.of(1000, 1999)).hasSizeLessThanOrEqualTo(2 * 16);
        assertThat(PortMasks.of(21, 23))
                .containsExactly(new Masked(21, 0xffff), new Masked(22, 0xfffe));
    }

    @Property(tries = 200)
    void masksCoverExactlyTheRange(
            @ForAll @IntRange(min = 0, max = 65535) int a,
            @ForAll @IntRange(min = 0, max = 2000) int width) {
        int min = a;
        int max = Math.min(65535, a + width);
        List<Masked> masks = PortMasks.of(min, max);
        for (int port = Math.max(0, min - 40); port <= Math.min(65535, max + 40); port++) {
            int p = port;
            long matching = masks.stream().filter(m -> (p & m.mask()) == m.value()).count();
            assertThat(matching)
                    .as("port %d in %d-%d", p, min, max)
                    .isEqualTo(p >= min && p <= max ? 1 : 0);
        }
    }
}
