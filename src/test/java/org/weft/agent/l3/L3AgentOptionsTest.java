package org.weft.agent.l3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.weft.config.Config;
import org.weft.config.ConfigException;
import org.weft.config.StartRefusedException;

class L3AgentOptionsTest {
    @Test
    void guidesEraFilePlugsGatewaysIntoBrEx() {
        Config config =
                Config.fromText(
                        "l3_agent.ini",
                        """
                        [DEFAULT]
                        interface_driver = quantum.agent.linux.interface.OVSInterfaceDriver
                        use_namespaces = True
                        state_path = /var/lib/quantum
                        """);

        L3AgentOptions.refuseUnsupported(config);
        RouterDriver.Settings settings = RouterDriver.Settings.from(config);

        assertThat(config.get(L3AgentOptions.INTERFACE_DRIVER)).isEqualTo("openvswitch");
        assertThat(settings.externalBridge()).isEqualTo("br-ex");
        assertThat(settings.integrationBridge()).isEqualTo("br-int");
        assertThat(settings.metadataPort()).hasValue(9697);
        assertThat(settings.metadataSocket()).isEqualTo(Path.of("/var/lib/quantum/metadata_proxy"));
    }

    @Test
    void todaysFileWithEmptyExternalBridgePlugsGatewaysIntoBrInt() {
        Config config =
                Config.fromText(
                        "l3_agent.ini",
                        """
                        [DEFAULT]
                        interface_driver = openvswitch
                        external_network_bridge =
                        enable_metadata_proxy = false
                        agent_mode = legacy
                        """);

        RouterDriver.Settings settings = RouterDriver.Settings.from(config);

        assertThat(settings.externalBridge()).isEqualTo("br-int");
        assertThat(settings.metadataPort()).isEmpty();
    }

    @Test
    void routerFiltersComeFromTheFile() {
        Config config =
                Config.fromText(
                        "l3_agent.ini",
                        """
                        [DEFAULT]
                        gateway_external_network_id = ext-net
                        handle_internal_only_routers = False
                        router_id = r1
                        """);

        assertThat(RouterFilter.from(config)).isEqualTo(new RouterFilter("r1", "ext-net", false));
    }

    @Test
    void runningWithoutNamespacesIsRefused() {
        Config config = Config.fromText("l3_agent.ini", "[DEFAULT]\nuse_namespaces = False\n");

        assertThatThrownBy(() -> L3AgentOptions.refuseUnsupported(config))
                .isInstanceOf(StartRefusedException.class)
                .hasMessageContaining("use_namespaces");
    }

    @Test
    void distributedModeIsRefused() {
        Config config = Config.fromText("l3_agent.ini", "[DEFAULT]\nagent_mode = dvr\n");

        assertThatThrownBy(() -> L3AgentOptions.refuseUnsupported(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("agent_mode");
    }
}
