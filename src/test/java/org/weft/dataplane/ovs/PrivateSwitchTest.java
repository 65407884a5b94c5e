package org.weft.dataplane.ovs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;

@Tag("ovs")
class PrivateSwitchTest {
    private static final String NAMESPACE = "wovs-switch";
    private static final Path RUN = TestSwitch.runDirectory("switch");
    private static final Placement PLACE = Placement.netns(NAMESPACE);

    @BeforeEach
    void createNamespace() {
        TestSwitch.createNamespace(NAMESPACE);
    }

    @AfterEach
    void deleteNamespace() {
        TestSwitch.deleteNamespace(NAMESPACE);
    }

    @Test
    void startedSwitchAnswersOnItsOwnSocketWithItsVersion() {
        try (PrivateSwitch ovs = PrivateSwitch.builder(RUN).placement(PLACE).start()) {
            assertThat(ovs.databaseSocket()).isEqualTo(RUN.resolve("db.sock")).exists();
            assertThat(ovs.vsctl("get", "Open_vSwitch", ".", "ovs_version"))
                    .contains(Versions.installed());
            assertThat(ovs.appctl("version")).contains("ovs-vswitchd");
        }
    }

    @Test
    void bridgeGetsTheUserspaceDatapathAndAManagementSocketInTheRunDirectory() {
        try (PrivateSwitch ovs = PrivateSwitch.builder(RUN).placement(PLACE).start()) {
            ovs.addBridge("br0");

            assertThat(ovs.vsctl("get", "Bridge", "br0", "datapath_type")).contains("netdev");
            assertThat(ovs.managementSocket("br0")).exists();
            assertThat(ovs.ofctl("-O", "OpenFlow14", "show", "br0"))
                    .contains("OFPT_FEATURES_REPLY");
            assertThat(tapsIn(PLACE)).contains("ovs-netdev", "br0");
        }
    }

    @Test
    void stoppedSwitchLeavesNoProcessSocketOrTapDevice() {
        PrivateSwitch ovs = PrivateSwitch.builder(RUN).placement(PLACE).start();
        ovs.addBridge("br0");
        ovs.vsctl("add-port", "br0", "int0", "--", "set", "Interface", "int0", "type=internal");
        List<Long> pids = ovs.pids();

        ovs.stop();

        assertThat(pids).hasSize(2).noneMatch(pid -> ProcessHandle.of(pid).isPresent());
        assertThat(tapsIn(PLACE)).isEmpty();
        assertThat(RUN.resolve("db.sock")).doesNotExist();
        assertThat(RUN.resolve("br0.mgmt")).doesNotExist();
        assertThat(RUN.resolve("ovs-vswitchd.log")).exists();
    }

    @Test
    void startAfterACrashClearsWhatTheCrashedRunLeft() {
        PrivateSwitch crashed = PrivateSwitch.builder(RUN).placement(PLACE).start();
        crashed.addBridge("br0");
        List<Long> pids = crashed.pids();
        crashed.kill();
        // Daemons that outlived their owner (a JVM that crashed) must go as well.
        startLeftoverDatabaseServer();

        try (PrivateSwitch again = PrivateSwitch.builder(RUN).placement(PLACE).start()) {
            assertThat(pids).noneMatch(pid -> ProcessHandle.of(pid).isPresent());
            assertThat(again.vsctl("list-br")).isBlank();
            assertThat(tapsIn(PLACE)).doesNotContain("br0");
        }
        assertThat(tapsIn(PLACE)).isEmpty();
    }

    @Test
    void keptDatabaseStillHoldsTheBridgesOfTheEarlierRun() {
        try (PrivateSwitch first = PrivateSwitch.builder(RUN).placement(PLACE).start()) {
            first.addBridge("br-kept");
        }
        try (PrivateSwitch second =
                PrivateSwitch.builder(RUN).placement(PLACE).keepDatabase().start()) {
            assertThat(second.vsctl("list-br")).contains("br-kept");
            assertThat(second.managementSocket("br-kept")).exists();
        }
    }

    @Test
    void databaseServerRestartsOnTheSameDatabase() {
        try (PrivateSwitch ovs = PrivateSwitch.builder(RUN).placement(PLACE).start()) {
            ovs.addBridge("br0");

            ovs.restartDatabaseServer();

            assertThat(ovs.vsctl("list-br")).contains("br0");
            ovs.vsctl("add-br", "br1", "--", "set", "Bridge", "br1", "datapath_type=netdev");
            assertThat(ovs.managementSocket("br1")).exists();
        }
    }

    private static void startLeftoverDatabaseServer() {
        Command.of(
                        "ovsdb-server",
                        RUN.resolve("conf.db").toString(),
                        "--remote=punix:" + RUN.resolve("db.sock"),
                        "--pidfile=" + RUN.resolve("ovsdb-server.pid"),
                        "--unixctl=" + RUN.resolve("ovsdb-server.ctl"),
                        "--detach")
                .run();
        assertThat(Files.exists(RUN.resolve("ovsdb-server.pid"))).isTrue();
    }

    private static List<String> tapsIn(Placement placement) {
        return Command.of("ip", "-o", "-d", "link", "show")
                .in(placement)
                .run()
                .lines()
                .filter(line -> line.contains(" tun type tap "))
                .map(line -> line.split(": ", 3)[1])
                .toList();
    }
}
