package org.weft.agent.l2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.weft.config.Config;
import org.weft.config.ConfigException;
import org.weft.dataplane.ovsdb.TunnelType;

class AgentSettingsTest {
    @Test
    void guidePluginFileAsWrittenGivesGreTunnelsFromItsLocalIpAndTheHybridFirewall() {
        Config guide =
                Config.load(
                        List.of(
                                Path.of("etc/guide/quantum.conf"),
                                Path.of("etc/guide/ovs_quantum_plugin.ini")),
                        List.of());

        AgentSettings settings = AgentSettings.from(guide);

        assertThat(settings.tunnelTypes()).containsExactly(TunnelType.GRE);
        assertThat(settings.localIp().orElseThrow().getHostAddress()).isEqualTo("10.20.20.52");
        assertThat(settings.integrationBridge()).isEqualTo("br-int");
        assertThat(settings.tunnelBridge()).isEqualTo("br-tun");
        assertThat(settings.firewallDriver()).isEqualTo("iptables_hybrid");
        assertThat(FirewallDrivers.of(settings.firewallDriver()).hybridPlug()).isTrue();
    }

    @Test
    void currentNamesGiveTunnelTypesMappingsAndTheOpenvswitchFirewall() {
        AgentSettings settings =
                AgentSettings.from(
                        Config.fromText(
                                "openvswitch_agent.ini",
                                """
                                [ovs]
                                local_ip = 10.20.20.53
                                bridge_mappings = physnet1:br-ex
                                datapath_type = netdev
                                [agent]
                                tunnel_types = gre,vxlan
                                vxlan_udp_port = 8472
                                [securitygroup]
                                firewall_driver = openvswitch
                                """));

        assertThat(settings.tunnelTypes()).containsExactly(TunnelType.GRE, TunnelType.VXLAN);
        assertThat(settings.bridgeMappings()).isEqualTo(Map.of("physnet1", "br-ex"));
        assertThat(settings.datapathType()).isEqualTo("netdev");
        assertThat(settings.vxlanUdpPort()).isEqualTo(8472);
        assertThat(FirewallDrivers.of(settings.firewallDriver()).hybridPlug()).isFalse();
    }

    @Test
    void securityGroupsOffMeansNoFirewall() {
        AgentSettings settings =
                AgentSettings.from(
                        Config.fromText(
                                "x.ini",
                                "[SECURITYGROUP]\nfirewall_driver = iptables_hybrid\n"
                                        + "enable_security_group = False\n"));

        assertThat(settings.firewallDriver()).isEqualTo("noop");
    }

    @Test
    void todaysClassPathsAreAliasesAndAnUnknownDriverStopsTheStart() {
        assertThat(driverOf("neutron.agent.linux.openvswitch_firewall.OVSFirewallDriver"))
                .isEqualTo("openvswitch");
        assertThat(
                        driverOf(
                                "neutron.agent.linux.iptables_firewall.OVSHybridIptablesFirewallDriver"))
                .isEqualTo("iptables_hybrid");
        assertThat(driverOf("neutron.agent.firewall.NoopFirewallDriver")).isEqualTo("noop");
        assertThat(FirewallDrivers.of("openvswitch").name()).isEqualTo("openvswitch");

        assertThatThrownBy(() -> driverOf("nova.virt.firewall.IptablesFirewallDriver"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("firewall_driver")
                .hasMessageContaining("openvswitch");
    }

    private static String driverOf(String value) {
        return AgentSettings.from(
                        Config.fromText(
                                "x.ini", "[securitygroup]\nfirewall_driver = " + value + "\n"))
                .firewallDriver();
    }

    @Test
    void tunnelsWithoutLocalIpStopTheStart() {
        Config config = Config.fromText("x.ini", "[agent]\ntunnel_types = vxlan\n");

        assertThatThrownBy(() -> AgentSettings.from(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("local_ip is required with tunnels");
    }
}
