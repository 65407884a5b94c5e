package org.weft.dataplane.ovs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.config.StartRefusedException;
import org.weft.dataplane.ovsdb.Bridge;
import org.weft.dataplane.ovsdb.OvsdbTarget;
import org.weft.dataplane.ovsdb.TunnelType;
import org.weft.dataplane.ovsdb.VswitchDatabase;

@Tag("ovs")
class CapabilityProbeTest {
    private static TestSwitch ovs;
    private static VswitchDatabase database;
    private static CapabilityProbe probe;

    @BeforeAll
    static void startSwitch() {
        ovs = TestSwitch.start("probe");
        database = VswitchDatabase.connect(OvsdbTarget.unix(ovs.ovs().databaseSocket()));
        probe = new CapabilityProbe(database, ovs.ovs().runDirectory());
    }

    @AfterAll
    static void stopSwitch() {
        if (database != null) {
            database.close();
        }
        ovs.close();
    }

    @Test
    void userspaceDatapathHasEveryTunnelTypePatchPortsConntrackAndNat() {
        Capabilities capabilities = probe.probe("netdev");

        assertThat(capabilities.datapath().works()).isTrue();
        assertThat(capabilities.tunnels())
                .allSatisfy(
                        (type, support) -> assertThat(support.works()).as(type.type()).isTrue());
        assertThat(capabilities.patchPorts().works()).isTrue();
        assertThat(capabilities.conntrack().works()).isTrue();
        assertThat(capabilities.nat().works()).isTrue();
        assertThat(capabilities.ovsVersion()).isEqualTo(Versions.installed());
        capabilities.requireTunnelling(List.of(TunnelType.GRE, TunnelType.VXLAN));
        assertThat(database.bridges())
                .extracting(Bridge::name)
                .noneMatch(name -> name.startsWith("wprobe-"));
    }

    @Test
    void systemDatapathWithoutTheKernelModuleRefusesTunnellingSayingWhatToDo() {
        Capabilities capabilities = probe.probe("system");

        assertThat(capabilities.datapath().works()).isFalse();
        assertThat(capabilities.supports(TunnelType.GRE)).isFalse();
        assertThatThrownBy(() -> capabilities.requireTunnelling(List.of(TunnelType.GRE)))
                .isInstanceOf(StartRefusedException.class)
                .hasMessageStartingWith("Cannot have tunneling enabled on this agent")
                .hasMessageContaining("does not support gre tunnels or patch ports")
                .hasMessageContaining("kernel module")
                .hasMessageContaining("modprobe openvswitch")
                .hasMessageContaining("[ovs] datapath_type = netdev");
        assertThat(database.bridges())
                .extracting(Bridge::name)
                .noneMatch(name -> name.startsWith("wprobe-"));
    }

    @Test
    void scratchBridgeLeftByACrashedProbeIsRemoved() {
        ovs.ovs()
                .vsctl(
                        "add-br",
                        "wprobe-left",
                        "--",
                        "set",
                        "Bridge",
                        "wprobe-left",
                        "datapath_type=netdev",
                        "external_ids:weft-probe=true");

        probe.probe("netdev");

        assertThat(ovs.ovs().vsctl("list-br")).doesNotContain("wprobe-left");
    }
}
