package org.weft.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.dataplane.linux.Command;
import org.weft.lab.Lab;
import org.weft.lab.LabDatabase;
import org.weft.lab.LabSpec;

/**
 * {@code weft demo --guide}: the guide's cloud as the guide writes it, the server on the
 * controller's MariaDB with the guide's {@code sql_connection} and authenticating with the
 * controller's Keystone, the tenant's steps run as the tenant user {@code demo}.
 */
@Tag("lab")
class DemoGuideTest {

    @Test
    void theGuidesCloudOnMariaDbAndKeystonePassesEveryStepAsTheTenantUser() {
        LabSpec spec =
                LabSpec.of("wgd1", LabSpec.defaultRunDirectory("wgd1"))
                        .withDatabase(LabDatabase.MARIADB)
                        .withKeystone();
        Lab.down(spec);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            List<Step> steps =
                    new Demo(spec, true, new PrintStream(printed, true, StandardCharsets.UTF_8))
                            .run();

            String shown = printed.toString(StandardCharsets.UTF_8) + Demo.table(steps);
            assertThat(steps).as(shown).allMatch(Step::passed);
            assertThat(steps)
                    .extracting(Step::name)
                    .as(shown)
                    .anyMatch(name -> name.startsWith("Keystone: tenant user demo"))
                    .anyMatch(name -> name.startsWith("metadata"));
            Lab lab = Lab.open(spec.runDirectory());
            assertThat(asTenant(lab, "openstack", "router", "list", "-f", "value", "-c", "Name"))
                    .contains("demo-router");
            assertThat(
                            lab.exec(
                                            "controller",
                                            "env",
                                            "OS_AUTH_TYPE=none",
                                            "OS_ENDPOINT=" + lab.apiEndpoint(),
                                            "openstack",
                                            "network",
                                            "list")
                                    .succeeded())
                    .as("a client without a token is refused")
                    .isFalse();
            assertThat(
                            Command.of(
                                            lab.execCommand(
                                                    "controller",
                                                    List.of(
                                                            "mariadb",
                                                            "--no-defaults",
                                                            "-h",
                                                            "10.10.10.51",
                                                            "-u",
                                                            "quantumUser",
                                                            "-pquantumPass",
                                                            "-N",
                                                            "-e",
                                                            "SELECT name FROM quantum.networks")))
                                    .run())
                    .contains("demo-net");
        } finally {
            Lab.down(spec);
        }
        assertThat(spec.runDirectory()).doesNotExist();
    }

    private static String asTenant(Lab lab, String... argv) {
        List<String> command = new ArrayList<>(List.of("env"));
        lab.tenantEnvironment().forEach((key, value) -> command.add(key + "=" + value));
        command.addAll(List.of(argv));
        return Command.of(lab.execCommand("controller", command)).run();
    }
}
