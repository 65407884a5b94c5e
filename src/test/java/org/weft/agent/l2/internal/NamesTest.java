package org.weft.agent.l2.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.weft.dataplane.ovsdb.TunnelType;

class NamesTest {
    @Test
    void tunnelPortIsNamedByTypeAndTheHexOfThePeersAddress() throws Exception {
        assertThat(Names.tunnelPort(TunnelType.GRE, InetAddress.getByName("10.20.20.53")))
                .isEqualTo("gre-0a141435");
        assertThat(Names.tunnelPort(TunnelType.VXLAN, InetAddress.getByName("10.20.20.53")))
                .isEqualTo("vxlan-0a141435");
        assertThat(Names.tunnelPort(TunnelType.GENEVE, InetAddress.getByName("fd00::1")))
                .hasSize(15)
                .startsWith("geneve-");
    }

    @Test
    void onlyNamesOfThisSchemeAreTunnelPortNames() {
        assertThat(Names.tunnelTypeOf("gre-0a141435")).hasValue(TunnelType.GRE);
        assertThat(Names.tunnelTypeOf("gre-1")).isEmpty();
        assertThat(Names.tunnelTypeOf("patch-tun")).isEmpty();
    }

    @Test
    void patchPortsAreNamedAfterTheBridgeWithinFifteenCharacters() {
        assertThat(Names.integrationSide("br-ex")).isEqualTo("int-br-ex");
        assertThat(Names.bridgeSide("br-ex")).isEqualTo("phy-br-ex");
        assertThat(Names.integrationSide("br-provider-long")).hasSize(15).startsWith("int-br-pro");
        assertThat(Names.integrationSide("br-provider-long"))
                .isNotEqualTo(Names.integrationSide("br-provider-lonx"));
    }
}
