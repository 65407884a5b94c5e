package org.weft.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.bench.WeftServerProcess;
import org.weft.testsupport.OpenstackCli;
import org.weft.testsupport.ReferenceFolder;
import org.weft.testsupport.WeftServers;

/**
 * The reference's own {@code clients_check.sh}: 49 commands of openstackclient, openstacksdk and
 * the {@code neutron} CLI, which all pass against the reference Neutron, must all pass against a
 * fresh {@code weft server} too. Its log goes to a temporary directory ({@code NEUTRON_REF_RUN}),
 * since the reference folder may be read-only.
 */
class ClientsCheckTest {
    @Test
    void allFortyNineClientCommandsPass(@TempDir Path run) throws IOException {
        try (WeftServerProcess server = WeftServers.startLikeTheReference("clients-check")) {
            OpenstackCli.Result result =
                    OpenstackCli.execute(
                            List.of(
                                    "bash",
                                    ReferenceFolder.path().resolve("clients_check.sh").toString(),
                                    server.base().toString()),
                            Map.of("NEUTRON_REF_RUN", run.toString()),
                            Duration.ofMinutes(15));

            String log = Files.readString(run.resolve("clients_check.log"));
            assertThat(result.out())
                    .withFailMessage(
                            () ->
                                    "clients_check.sh against Weft:\n"
                                            + result.out()
                                            + "\nits log:\n"
                                            + log)
                    .contains("SUMMARY: 49 passed, 0 failed");
        }
    }
}
