package org.weft.agent.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.weft.config.Config;
import org.weft.config.ConfigException;
import org.weft.config.KnownOptions;
import org.weft.config.StartRefusedException;

class DhcpAgentOptionsTest {

    @Test
    void grizzlyDhcpAgentIniIsReadAsWritten() {
        Config config =
                Config.fromText(
                        "dhcp_agent.ini",
                        """
                        [DEFAULT]
                        interface_driver = quantum.agent.linux.interface.OVSInterfaceDriver
                        dhcp_driver = quantum.agent.linux.dhcp.Dnsmasq
                        use_namespaces = True
                        dhcp_domain = openstacklocal
                        dnsmasq_dns_server = 8.8.8.8
                        ovs_integration_bridge = br-int
                        enable_isolated_metadata = True
                        dhcp_lease_relay_socket = $state_path/dhcp/lease_relay
                        """);

        assertThat(config.get(DhcpAgentOptions.INTERFACE_DRIVER)).isEqualTo("openvswitch");
        assertThat(config.get(DhcpAgentOptions.DHCP_DRIVER)).isEqualTo("dnsmasq");
        assertThat(config.get(DhcpAgentOptions.DNS_DOMAIN)).isEqualTo("openstacklocal");
        assertThat(config.get(DhcpAgentOptions.DNSMASQ_DNS_SERVERS)).containsExactly("8.8.8.8");
        assertThat(config.get(DhcpAgentOptions.ENABLE_ISOLATED_METADATA)).isTrue();
        assertThat(new KnownOptions(DhcpAgentOptions.all()).warnAboutUnknown(config)).isEmpty();
    }

    @Test
    void todaysNamesAreRead() {
        Config config =
                Config.fromText(
                        "dhcp_agent.ini",
                        """
                        [DEFAULT]
                        interface_driver = openvswitch
                        dhcp_driver = neutron.agent.linux.dhcp.Dnsmasq
                        dns_domain = example.org
                        dnsmasq_dns_servers = 192.0.2.1,192.0.2.2
                        force_metadata = True
                        num_sync_threads = 8
                        [ovs]
                        integration_bridge = br-int2
                        """);

        assertThat(config.get(DhcpAgentOptions.DNS_DOMAIN)).isEqualTo("example.org");
        assertThat(config.get(DhcpAgentOptions.DNSMASQ_DNS_SERVERS))
                .containsExactly("192.0.2.1", "192.0.2.2");
        assertThat(config.get(DhcpAgentOptions.INTEGRATION_BRIDGE)).isEqualTo("br-int2");
        assertThat(config.get(DhcpAgentOptions.NUM_SYNC_THREADS)).isEqualTo(8);
    }

    @Test
    void defaultsAreNeutrons() {
        Config empty = Config.empty();

        assertThat(empty.get(DhcpAgentOptions.DHCP_LEASE_DURATION)).isEqualTo(86400);
        assertThat(empty.get(DhcpAgentOptions.DNS_DOMAIN)).isEqualTo("openstacklocal");
        assertThat(empty.get(DhcpAgentOptions.RESYNC_INTERVAL)).isEqualTo(5);
        assertThat(empty.get(DhcpAgentOptions.ENABLE_ISOLATED_METADATA)).isFalse();
        assertThat(DhcpAgentOptions.confsDirectory(empty)).isEqualTo(Path.of("/var/lib/weft/dhcp"));
    }

    @Test
    void otherInterfaceDriversAreRefusedWithTheChoices() {
        Config config =
                Config.fromText(
                        "dhcp_agent.ini",
                        "interface_driver = neutron.agent.linux.interface.BridgeInterfaceDriver\n");

        assertThatThrownBy(() -> config.get(DhcpAgentOptions.INTERFACE_DRIVER))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("dhcp_agent.ini:1")
                .hasMessageContaining("one of openvswitch");
    }

    @Test
    void servingWithoutNamespacesIsRefusedWithTheRemedy() {
        Config config = Config.fromText("dhcp_agent.ini", "use_namespaces = False\n");

        assertThatThrownBy(() -> DhcpAgentOptions.refuseUnsupported(config))
                .isInstanceOf(StartRefusedException.class)
                .hasMessageContaining("use_namespaces = False is not supported")
                .hasMessageContaining("set it to True");
    }

    @Test
    void confsDirectoryFollowsTheStatePath() {
        Config config = Config.fromText("dhcp_agent.ini", "state_path = /srv/weft\n");

        assertThat(DhcpAgentOptions.confsDirectory(config)).isEqualTo(Path.of("/srv/weft/dhcp"));
        assertThat(DhcpAgentOptions.all()).doesNotHaveDuplicates();
        assertThat(List.copyOf(DhcpAgentOptions.all())).isNotEmpty();
    }
}
