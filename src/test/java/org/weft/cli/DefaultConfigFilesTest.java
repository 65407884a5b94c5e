package org.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.config.Config;

/**
 * Which files a service reads when started with no {@code --config-file}, on directories standing
 * in for {@code /etc/weft}, {@code /etc/neutron} and {@code /etc/quantum}; and the sample files of
 * the distribution, which every option must know.
 */
class DefaultConfigFilesTest {
    @TempDir Path etc;

    @Test
    void weftsDirectoryWinsOverNeutronsAndQuantums() throws IOException {
        touch("weft/weft.conf", "weft/dhcp_agent.ini", "neutron/neutron.conf");

        assertThat(DefaultConfigFiles.of("dhcp-agent", directories()))
                .containsExactly(file("weft/weft.conf"), file("weft/dhcp_agent.ini"));
    }

    @Test
    void neutronsFilesAreReadUnderNeutronsNamesWhenWeftHasNone() throws IOException {
        touch("neutron/neutron.conf", "neutron/plugins/ml2/openvswitch_agent.ini");

        assertThat(DefaultConfigFiles.of("ovs-agent", directories()))
                .containsExactly(
                        file("neutron/neutron.conf"),
                        file("neutron/plugins/ml2/openvswitch_agent.ini"));
    }

    @Test
    void quantumsFilesAreReadLast() throws IOException {
        touch("quantum/quantum.conf", "quantum/plugins/openvswitch/ovs_quantum_plugin.ini");

        assertThat(DefaultConfigFiles.of("weft-server", directories()))
                .containsExactly(
                        file("quantum/quantum.conf"),
                        file("quantum/plugins/openvswitch/ovs_quantum_plugin.ini"));
    }

    @Test
    void aMissingProcessFileLeavesTheMainOne() throws IOException {
        touch("neutron/neutron.conf");

        assertThat(DefaultConfigFiles.of("l3-agent", directories()))
                .containsExactly(file("neutron/neutron.conf"));
    }

    @Test
    void toolsReadNothingTheyAreNotGiven() throws IOException {
        touch("weft/weft.conf");

        assertThat(DefaultConfigFiles.of("cleanup", directories())).isEmpty();
        assertThat(DefaultConfigFiles.of("lab", directories())).isEmpty();
    }

    @Test
    void everySampleFileOfTheDistributionHoldsOnlyKnownOptions() throws IOException {
        try (Stream<Path> samples = Files.list(Path.of("etc/weft"))) {
            for (Path sample : samples.sorted().toList()) {
                Config config = Config.load(List.of(sample), List.of());
                assertThat(AllOptions.known().warnAboutUnknown(config))
                        .as(sample.toString())
                        .isEmpty();
            }
        }
    }

    private List<Path> directories() {
        return List.of(etc.resolve("weft"), etc.resolve("neutron"), etc.resolve("quantum"));
    }

    private Path file(String name) {
        return etc.resolve(name);
    }

    private void touch(String... names) throws IOException {
        for (String name : names) {
            Files.createDirectories(file(name).getParent());
            Files.writeString(file(name), "[DEFAULT]\n");
        }
    }
}
