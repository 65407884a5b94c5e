package org.weft.dataplane.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.lab.internal.ProcessSweep;

/** A daemon kept running, respawned when it dies, and left to the next agent when detached. */
class SupervisedProcessTest {
    @TempDir Path runDirectory;

    /** A command line no other process has, so that its processes can be counted. */
    private final List<String> argv =
            List.of("sleep", "300." + ThreadLocalRandom.current().nextInt(100_000, 1_000_000));

    private final List<SupervisedProcess> made = new java.util.ArrayList<>();

    private SupervisedProcess supervisor() {
        SupervisedProcess supervisor =
                new SupervisedProcess("sleeper", Placement.here(), argv, runDirectory);
        made.add(supervisor);
        return supervisor;
    }

    /** No supervisor of the test respawns what one more, stopping it, ends. */
    @AfterEach
    void stopWhatRuns() {
        made.forEach(SupervisedProcess::detach);
        supervisor().stop();
        assertThat(running()).isZero();
    }

    @Test
    void aDaemonThatDiesIsStartedAgain() {
        SupervisedProcess daemon = supervisor();
        daemon.ensureRunning();
        long first = daemon.pid().orElseThrow();

        ProcessHandle.of(first).orElseThrow().destroyForcibly();

        await(() -> daemon.pid().filter(pid -> pid != first).isPresent());
        assertThat(running()).isEqualTo(1);
    }

    @Test
    void aDetachedDaemonRunsOnUnwatchedAndTheNextSupervisorAdoptsIt() {
        SupervisedProcess before = supervisor();
        before.ensureRunning();
        long pid = before.pid().orElseThrow();

        before.detach();
        SupervisedProcess after = supervisor();
        after.ensureRunning();

        assertThat(after.pid()).hasValue(pid);
        assertThat(running()).isEqualTo(1);
    }

    @Test
    void aDetachedDaemonThatDiesIsNotStartedAgainByItsOldSupervisor() throws Exception {
        SupervisedProcess daemon = supervisor();
        daemon.ensureRunning();
        long pid = daemon.pid().orElseThrow();

        daemon.detach();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        // A quick death is respawned after half a second: three seconds leave it every chance.
        Thread.sleep(3000);
        assertThat(running()).isZero();
    }

    private long running() {
        String commandLine = String.join(" ", argv);
        return ProcessHandle.allProcesses()
                .filter(ProcessSweep::isRunning)
                .filter(p -> p.info().commandLine().orElse("").endsWith(commandLine))
                .count();
    }

    private static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited 10 s").isBefore(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
