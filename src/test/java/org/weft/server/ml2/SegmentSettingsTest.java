package org.weft.server.ml2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.weft.config.Config;
import org.weft.config.ConfigException;

class SegmentSettingsTest {

    @Test
    void guidePluginFileMakesGreTenantNetworksFromItsRange() {
        Config guide = Config.load(List.of(Path.of("etc/guide/ovs_quantum_plugin.ini")), List.of());

        SegmentSettings settings = SegmentSettings.from(guide);

        assertThat(settings.tenantTypes()).containsExactly(NetworkType.GRE);
        assertThat(settings.tenantRanges(NetworkType.GRE)).containsExactly(new IdRange(1, 1000));
    }

    @Test
    void currentNamesGiveTypesRangesAndPhysicalNetworks() {
        SegmentSettings settings =
                SegmentSettings.from(
                        Config.fromText(
                                "ml2_conf.ini",
                                """
                                [ml2]
                                type_drivers = flat,vlan,vxlan
                                tenant_network_types = vxlan,vlan
                                [ml2_type_vxlan]
                                vni_ranges = 100:200, 1000:1001
                                [ml2_type_vlan]
                                network_vlan_ranges = physnet1:100:199,physnet2,physnet1:300:300
                                [ml2_type_flat]
                                flat_networks = public
                                """));

        assertThat(settings.tenantTypes()).containsExactly(NetworkType.VXLAN, NetworkType.VLAN);
        assertThat(settings.tenantRanges(NetworkType.VXLAN))
                .containsExactly(new IdRange(100, 200), new IdRange(1000, 1001));
        assertThat(settings.vlanRanges())
                .containsOnlyKeys("physnet1", "physnet2")
                .containsEntry("physnet1", List.of(new IdRange(100, 199), new IdRange(300, 300)))
                .containsEntry("physnet2", List.of());
        assertThat(settings.allowsFlat("public")).isTrue();
        assertThat(settings.allowsFlat("physnet1")).isFalse();
    }

    @Test
    void defaultsAreMl2s() {
        SegmentSettings settings = SegmentSettings.defaults();

        assertThat(settings.tenantTypes()).containsExactly(NetworkType.LOCAL);
        assertThat(settings.typeDrivers()).containsExactlyInAnyOrder(NetworkType.values());
        assertThat(settings.allowsFlat("anything")).isTrue();
    }

    @Test
    void tunnelMtuLeavesRoomForOuterIpAndTunnelHeaders() {
        SegmentSettings settings = SegmentSettings.defaults();

        assertThat(settings.mtu(NetworkType.GRE, Optional.empty())).isEqualTo(1458);
        assertThat(settings.mtu(NetworkType.VXLAN, Optional.empty())).isEqualTo(1450);
        assertThat(settings.mtu(NetworkType.GENEVE, Optional.empty())).isEqualTo(1450);
        assertThat(settings.mtu(NetworkType.VLAN, Optional.of("physnet1"))).isEqualTo(1500);
        assertThat(settings.mtu(NetworkType.LOCAL, Optional.empty())).isEqualTo(1500);
    }

    @Test
    void pathMtuPhysnetMtusAndIpv6OverlayLowerTheMtu() {
        SegmentSettings settings =
                SegmentSettings.from(
                        Config.fromText(
                                "neutron.conf",
                                """
                                [DEFAULT]
                                global_physnet_mtu = 9000
                                [ml2]
                                path_mtu = 1400
                                overlay_ip_version = 6
                                physical_network_mtus = physnet1:1300
                                """));

        assertThat(settings.mtu(NetworkType.VXLAN, Optional.empty())).isEqualTo(1400 - 40 - 30);
        assertThat(settings.mtu(NetworkType.VLAN, Optional.of("physnet1"))).isEqualTo(1300);
        assertThat(settings.mtu(NetworkType.FLAT, Optional.of("other"))).isEqualTo(9000);
    }

    @Test
    void malformedRangeStopsTheStartNamingTheSetting() {
        Config config = Config.fromText("x.ini", "[ml2_type_gre]\ntunnel_id_ranges = 10-20\n");

        assertThatThrownBy(() -> SegmentSettings.from(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[ml2_type_gre] tunnel_id_ranges")
                .hasMessageContaining("10-20");
    }

    @Test
    void tenantTypeWithoutItsTypeDriverStopsTheStart() {
        Config config =
                Config.fromText(
                        "x.ini", "[ml2]\ntype_drivers = vlan\ntenant_network_types = vxlan\n");

        assertThatThrownBy(() -> SegmentSettings.from(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vxlan is not among");
    }
}
