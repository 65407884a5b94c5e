package org.weft.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.dataplane.linux.Command;

/** {@code weft lab up --db mariadb}: the guide's database on the controller. */
@Tag("lab")
class LabMariaDbTest {

    @Test
    void guidesDatabaseAdmitsTheGuidesUserFromAnotherHostAndLeavesNothingBehind() {
        LabSpec spec = LabTesting.spec(1).withDatabase(LabDatabase.MARIADB);
        try (Lab lab = Lab.up(spec)) {
            Command.Result query =
                    lab.exec(
                            "network",
                            "mariadb",
                            "--no-defaults",
                            "-h",
                            "10.10.10.51",
                            "-u",
                            "quantumUser",
                            "-pquantumPass",
                            "quantum",
                            "-N",
                            "-e",
                            "SELECT DATABASE(), CURRENT_USER()");

            assertThat(query.stdout()).as(query.stderr()).contains("quantum", "quantumUser@%");
            assertThat(lab.host("controller").configDirectory().resolve("weft/server.conf"))
                    .content()
                    .doesNotContain("connection");
        }
        assertThat(LabTesting.traces(spec)).isEmpty();
    }
}
