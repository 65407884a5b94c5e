package org.weft.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.weft.cli.Main;
import org.weft.dataplane.linux.Command;

/** {@code weft lab down} says whether there was a lab to remove. */
class LabCommandTest {
    private static final String NAME = "wlc" + ThreadLocalRandom.current().nextInt(1000, 10000);
    private static final Path DIRECTORY = Path.of("/tmp", NAME);

    @AfterEach
    void removeDirectory() {
        Command.of("rm", "-rf", DIRECTORY.toString()).execute();
    }

    @Test
    void downWithoutALabSaysThereWasNothingToRemove() {
        assertThat(labDown()).isEqualTo("no lab " + NAME + " here: nothing to remove");
    }

    @Test
    void downRemovesWhatALabLeftAndSaysSo() throws Exception {
        Files.createDirectories(DIRECTORY.resolve("hosts"));

        assertThat(labDown()).isEqualTo("lab " + NAME + " removed");
        assertThat(DIRECTORY).doesNotExist();
    }

    private static String labDown() {
        PrintStream saved = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true));
        try {
            int status =
                    Main.commandLine()
                            .execute(
                                    "lab",
                                    "down",
                                    "--name",
                                    NAME,
                                    "--run-dir",
                                    DIRECTORY.toString());
            assertThat(status).isZero();
        } finally {
            System.setOut(saved);
        }
        // The test's logging shares standard output; the command's answer is its last line.
        return printed.toString().strip().lines().reduce((first, last) -> last).orElse("");
    }
}
