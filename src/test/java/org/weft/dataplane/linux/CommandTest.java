package org.weft.dataplane.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTest {

    @Test
    void outputAndInputArePassedThrough() {
        assertThat(Command.of("cat").withInput("table\n").run()).isEqualTo("table\n");
    }

    @Test
    void failureCarriesStatusAndStandardError() {
        assertThatThrownBy(() -> Command.of("sh", "-c", "echo broken >&2; exit 3").run())
                .isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("exit status 3")
                .hasMessageContaining("broken");
    }

    @Test
    void commandThatHangsIsStoppedAtItsTimeout() {
        assertThatThrownBy(
                        () -> Command.of("sleep", "30").withTimeout(Duration.ofMillis(200)).run())
                .hasMessageContaining("timed out");
    }

    @Test
    void childProcessIsStoppedByPidAndAdoptedOnlyWhileItIsTheSameProcess(@TempDir Path dir)
            throws Exception {
        ChildProcess sleeper =
                ChildProcess.start(
                        "sleeper", List.of("sleep", "30"), dir.resolve("sleep.log"), Map.of());

        assertThat(ChildProcess.adopt("sleeper", sleeper.pid(), sleeper.startedAt())).isPresent();
        assertThat(
                        ChildProcess.adopt(
                                "sleeper", sleeper.pid(), sleeper.startedAt().minusSeconds(60)))
                .isEmpty();

        sleeper.stop(Duration.ofSeconds(5));

        assertThat(sleeper.isAlive()).isFalse();
        assertThat(ChildProcess.adopt("sleeper", sleeper.pid(), sleeper.startedAt())).isEmpty();
        assertThat(Files.exists(dir.resolve("sleep.log"))).isTrue();
    }
}
