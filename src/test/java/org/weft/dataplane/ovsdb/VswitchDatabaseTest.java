package org.weft.dataplane.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.dataplane.ovs.PrivateSwitch;
import org.weft.dataplane.ovs.TestSwitch;

@Tag("ovs")
class VswitchDatabaseTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestSwitch ovs;
    private static VswitchDatabase database;

    @BeforeAll
    static void startSwitch() {
        ovs = TestSwitch.start("vswitch");
        database = VswitchDatabase.connect(OvsdbTarget.unix(ovs.ovs().databaseSocket()));
    }

    @AfterAll
    static void stopSwitch() {
        if (database != null) {
            database.close();
        }
        ovs.close();
    }

    private static PrivateSwitch vsctl() {
        return ovs.ovs();
    }

    private static BridgeSettings bridge(String name) {
        return BridgeSettings.named(name).datapathType("netdev");
    }

    @Test
    void bridgeIsCreatedWithItsSettingsAndItsLocalPort() {
        database.ensureBridge(
                bridge("br-set")
                        .failMode(FailMode.SECURE)
                        .controllers(List.of("tcp:127.0.0.1:26601"))
                        .externalId("bridge-id", "br-set")
                        .otherConfig("hwaddr", "02:00:00:00:00:01"));

        assertThat(vsctl().vsctl("get", "Bridge", "br-set", "fail_mode").strip())
                .isEqualTo("secure");
        assertThat(vsctl().vsctl("get", "Bridge", "br-set", "protocols"))
                .contains("OpenFlow13", "OpenFlow14");
        assertThat(vsctl().vsctl("get-controller", "br-set").strip())
                .isEqualTo("tcp:127.0.0.1:26601");
        assertThat(vsctl().vsctl("list-ports", "br-set")).isBlank();
        assertThat(vsctl().vsctl("get", "Interface", "br-set", "type").strip())
                .isEqualTo("internal");
        Bridge read = database.bridge("br-set").orElseThrow();
        assertThat(read.externalIds()).containsEntry("bridge-id", "br-set");
        assertThat(read.controllers()).containsExactly("tcp:127.0.0.1:26601");
    }

    @Test
    void ensuringAnExistingBridgeUpdatesItInPlace() {
        database.ensureBridge(bridge("br-again"));
        var uuid = database.bridge("br-again").orElseThrow().uuid();

        database.ensureBridge(bridge("br-again").failMode(FailMode.STANDALONE));

        Bridge read = database.bridge("br-again").orElseThrow();
        assertThat(read.uuid()).isEqualTo(uuid);
        assertThat(read.failMode()).contains(FailMode.STANDALONE);
    }

    @Test
    void removedBridgeTakesItsPortsWithIt() {
        database.ensureBridge(bridge("br-gone"));
        database.addPort("br-gone", PortSettings.internal("gone0"));

        database.removeBridge("br-gone");

        assertThat(vsctl().vsctl("list-br")).doesNotContain("br-gone");
        assertThat(database.port("gone0")).isEmpty();
    }

    @Test
    void internalPortGetsItsTagTrunksExternalIdsAndAnOfport() {
        database.ensureBridge(bridge("br-ports"));

        database.addPort(
                "br-ports",
                PortSettings.internal("tap-a")
                        .tag(5)
                        .externalId("iface-id", "port-a")
                        .externalId("attached-mac", "fa:16:3e:00:00:01")
                        .portOtherConfig("net_uuid", "net-1"));
        database.addPort("br-ports", PortSettings.internal("trunk-a").trunks(Set.of(10, 20)));

        int ofport = database.awaitOfport("tap-a", WAIT);
        assertThat(ofport).isEqualTo(ofportByVsctl("tap-a"));
        assertThat(vsctl().vsctl("get", "Port", "tap-a", "tag").strip()).isEqualTo("5");
        assertThat(vsctl().vsctl("get", "Port", "trunk-a", "trunks").strip()).isEqualTo("[10, 20]");
        assertThat(database.interfaceNamed("tap-a").orElseThrow().ifaceId()).contains("port-a");
        assertThat(database.port("tap-a").orElseThrow().otherConfig())
                .containsEntry("net_uuid", "net-1");
    }

    @Test
    void patchPortsJoinTwoBridgesThroughTheirPeers() {
        database.ensureBridge(bridge("br-pa"));
        database.ensureBridge(bridge("br-pb"));

        database.transaction()
                .addPort("br-pa", PortSettings.patch("patch-b", "patch-a"))
                .addPort("br-pb", PortSettings.patch("patch-a", "patch-b"))
                .commit();

        assertThat(database.awaitOfport("patch-b", WAIT)).isPositive();
        assertThat(vsctl().vsctl("get", "Interface", "patch-a", "options:peer").strip())
                .isEqualTo("patch-b");
        assertThat(database.interfaceNamed("patch-a").orElseThrow().error()).isEmpty();
    }

    @Test
    void tunnelPortsCarryRemoteAndLocalAddressesAndAFlowKey() throws Exception {
        database.ensureBridge(bridge("br-tunnels"));
        InetAddress local = InetAddress.getByName("10.20.20.52");

        for (TunnelType type : TunnelType.values()) {
            database.addPort(
                    "br-tunnels",
                    PortSettings.tunnel(
                            type.type() + "-0a141435",
                            type,
                            InetAddress.getByName("10.20.20.53"),
                            local));
        }

        for (TunnelType type : TunnelType.values()) {
            String name = type.type() + "-0a141435";
            assertThat(database.awaitOfport(name, WAIT)).isPositive();
            assertThat(vsctl().vsctl("get", "Interface", name, "type").strip())
                    .isEqualTo(type.type());
            assertThat(vsctl().vsctl("get", "Interface", name, "options"))
                    .contains("key=flow", "local_ip=\"10.20.20.52\"", "remote_ip=\"10.20.20.53\"");
        }
    }

    @Test
    void existingPortIsAdoptedAndUpdatedInsteadOfAddedAgain() {
        database.ensureBridge(bridge("br-adopt"));
        database.addPort("br-adopt", PortSettings.internal("adopt0").tag(1));
        var uuid = database.port("adopt0").orElseThrow().uuid();

        database.ensurePort(
                "br-adopt", PortSettings.internal("adopt0").tag(2).externalId("k", "v"));

        Port port = database.port("adopt0").orElseThrow();
        assertThat(port.uuid()).isEqualTo(uuid);
        assertThat(port.tag()).isEqualTo(OptionalInt.of(2));
        assertThat(database.interfaceNamed("adopt0").orElseThrow().externalIds())
                .containsEntry("k", "v");
    }

    @Test
    void adoptedPortKeepsTheVlanAndOtherConfigItWasGivenWhenTheSettingsNameNone() {
        database.ensureBridge(bridge("br-keep"));
        database.addPort("br-keep", PortSettings.internal("keep0"));
        database.transaction().setTag("keep0", OptionalInt.of(7)).commit();
        vsctl().vsctl("set", "Port", "keep0", "other_config:net_uuid=n1");

        database.ensurePort("br-keep", PortSettings.internal("keep0").externalId("k", "v"));

        assertThat(database.port("keep0").orElseThrow().tag()).isEqualTo(OptionalInt.of(7));
        assertThat(vsctl().vsctl("get", "Port", "keep0", "other_config")).contains("net_uuid=n1");
        assertThat(database.interfaceNamed("keep0").orElseThrow().externalIds())
                .containsEntry("k", "v");
    }

    @Test
    void portWhoseNameExistsIsRefusedNamingTheNameAndTheOperation() {
        database.ensureBridge(bridge("br-twice"));
        database.addPort("br-twice", PortSettings.internal("twice0"));

        assertThatThrownBy(() -> database.addPort("br-twice", PortSettings.internal("twice0")))
                .isInstanceOf(TransactionFailedException.class)
                .hasMessageContaining("constraint violation")
                .hasMessageContaining("(twice0)");
        assertThat(database.ports("br-twice"))
                .extracting(Port::name)
                .containsExactly("br-twice", "twice0");
    }

    @Test
    void portOnAMissingBridgeFailsAsAWhole() {
        assertThatThrownBy(() -> database.addPort("br-missing", PortSettings.internal("lost0")))
                .isInstanceOf(TransactionFailedException.class)
                .hasMessageContaining("wait on Bridge where [name == br-missing]");
        assertThat(database.port("lost0")).isEmpty();
    }

    @Test
    void systemInterfaceThatDoesNotExistReportsItsErrorInsteadOfAnOfport() {
        database.ensureBridge(bridge("br-system"));
        database.addPort("br-system", PortSettings.system("wovs-none0"));

        assertThatThrownBy(() -> database.awaitOfport("wovs-none0", WAIT))
                .hasMessageContaining("wovs-none0")
                .hasMessageContaining("No such device");
    }

    @Test
    void entriesAreSetAndRemovedWithoutTouchingOtherKeys() {
        database.ensureBridge(bridge("br-map"));
        database.addPort(
                "br-map",
                PortSettings.internal("map0").externalId("keep", "1").externalId("k", "old"));

        database.transaction()
                .setEntries("Interface", "map0", "external_ids", Map.of("k", "new", "added", "2"))
                .commit();
        assertThat(database.interfaceNamed("map0").orElseThrow().externalIds())
                .containsExactlyInAnyOrderEntriesOf(Map.of("keep", "1", "k", "new", "added", "2"));

        database.transaction()
                .removeEntries("Interface", "map0", "external_ids", Set.of("k"))
                .commit();
        assertThat(database.interfaceNamed("map0").orElseThrow().externalIds())
                .doesNotContainKey("k");
    }

    @Test
    void tagIsClearedByAnEmptyValue() {
        database.ensureBridge(bridge("br-tag"));
        database.addPort("br-tag", PortSettings.internal("tag0").tag(7));

        database.transaction().setTag("tag0", OptionalInt.empty()).commit();

        assertThat(vsctl().vsctl("get", "Port", "tag0", "tag").strip()).isEqualTo("[]");
    }

    @Test
    void switchReportsItsVersionAndTheTypesItSupports() {
        assertThat(database.ovsVersion()).isPresent();
        assertThat(database.interfaceTypes())
                .contains("gre", "vxlan", "geneve", "patch", "internal");
        assertThat(database.datapathTypes()).contains("netdev");
    }

    private static int ofportByVsctl(String name) {
        return Integer.parseInt(vsctl().vsctl("get", "Interface", name, "ofport").strip());
    }
}
