package org.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.dataplane.linux.Command;

/**
 * The service units in {@code etc/systemd}, checked by systemd's own verifier. The verifier wants
 * the program to exist, so the copies checked name a stand-in for {@code /usr/bin/weft}.
 */
class SystemdUnitsTest {
    private static final Path UNITS = Path.of("etc/systemd");

    @Test
    void everyUnitPassesSystemdAnalyzeVerify(@TempDir Path dir) throws IOException {
        Path launcher = dir.resolve("weft");
        Files.writeString(launcher, "#!/bin/sh\n");
        launcher.toFile().setExecutable(true);

        assertPassSystemdAnalyzeVerify(UNITS, launcher, dir);
    }

    /**
     * Checks copies of the units of {@code units} (written to {@code scratch}) with {@code
     * launcher} in place of {@code /usr/bin/weft}: the distribution's test passes its own launcher.
     */
    static void assertPassSystemdAnalyzeVerify(Path units, Path launcher, Path scratch)
            throws IOException {
        List<String> argv = new ArrayList<>(List.of("systemd-analyze", "verify"));
        for (Path unit : unitsIn(units)) {
            Path copy = scratch.resolve(unit.getFileName());
            Files.writeString(
                    copy, Files.readString(unit).replace("/usr/bin/weft", launcher.toString()));
            argv.add(copy.toString());
        }
        assertThat(argv).hasSize(2 + 6);

        Command.Result result = Command.of(argv).execute();

        assertThat(result.exitStatus()).as(result.stderr()).isZero();
        assertThat(result.stdout() + result.stderr()).doesNotContain("weft");
    }

    @Test
    void agentsHaveOnlyTheirCapabilitiesAndTheServerNone() throws IOException {
        for (Path unit : units()) {
            String text = Files.readString(unit);
            String name = unit.getFileName().toString();
            if (name.endsWith(".target")) {
                continue;
            }
            assertThat(text)
                    .as(name)
                    .contains("User=weft", "Restart=on-failure", "PartOf=weft.target");
            if (name.contains("server") || name.contains("metadata")) {
                assertThat(text)
                        .as(name)
                        .contains("CapabilityBoundingSet=\n", "AmbientCapabilities=\n");
            } else {
                assertThat(text)
                        .as(name)
                        .contains("AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW CAP_SYS_ADMIN")
                        .containsPattern("AmbientCapabilities=.* CAP_DAC_OVERRIDE\n");
            }
        }
        assertThat(units()).hasSize(6);
    }

    private static List<Path> units() throws IOException {
        return unitsIn(UNITS);
    }

    private static List<Path> unitsIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }
}
