package org.weft.agent.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DhcpAgentRestartDelayTest {

    @Test
    void firstRestartIsImmediateThenTheDelayDoublesUpToAMinute() {
        assertThat(DhcpAgent.restartDelay(0)).isEqualTo(Duration.ZERO);
        assertThat(DhcpAgent.restartDelay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(DhcpAgent.restartDelay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(DhcpAgent.restartDelay(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(DhcpAgent.restartDelay(7)).isEqualTo(Duration.ofSeconds(60));
        assertThat(DhcpAgent.restartDelay(50)).isEqualTo(Duration.ofSeconds(60));
    }
}
