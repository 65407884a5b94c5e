package org.weft.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.dataplane.linux.ChildProcess;
import org.weft.lab.internal.LabState;
import org.weft.lab.internal.StateFile;
import org.weft.lab.internal.WeftLauncher;

/** Labs come and go without a trace, side by side, and also after their creator was killed. */
@Tag("lab")
class LabLifecycleTest {

    @Test
    void upThenDownLeavesNoNamespaceMountDeviceProcessOrFileBehind() {
        LabSpec spec = LabTesting.spec(1);
        assertThat(LabTesting.traces(spec)).isEmpty();
        List<ProcessHandle> inside;
        Lab lab = Lab.up(spec);
        try {
            lab.start();
            lab.createVm(
                    VmSpec.of("vm1", "compute1", "c0ffee00-1111-4222-8333-444455556666")
                            .withPort("fa:16:3e:c0:ff:ee", 1500)
                            .withDhcp());
            startUnrecordedProcessInANestedNamespace(lab);
            killSwitchDaemonOf(lab, "compute1");

            inside = LabTesting.processesInside(spec);
            assertThat(LabTesting.traces(spec)).isNotEmpty();
            assertThat(inside)
                    .extracting(p -> p.info().command().orElse(""))
                    .anyMatch(command -> command.endsWith("java"))
                    .anyMatch(command -> command.endsWith("sleep"))
                    .anyMatch(command -> command.endsWith("busybox"))
                    .anyMatch(command -> command.endsWith("beam.smp"));
        } finally {
            lab.down();
        }

        assertThat(LabTesting.traces(spec)).isEmpty();
        assertThat(LabTesting.stillAlive(inside)).isEmpty();
    }

    @Test
    void twoLabsOfDifferentNamesCoexist() {
        LabSpec first = LabTesting.spec(1);
        LabSpec second = LabTesting.spec(1);
        CompletableFuture<Lab> building = CompletableFuture.supplyAsync(() -> Lab.up(second));
        try {
            Lab one = Lab.up(first);
            Lab two = building.join();
            assertThat(one.exec("compute1", "ping", "-c1", "-W2", "10.10.10.51").succeeded())
                    .isTrue();
            assertThat(two.exec("compute1", "ping", "-c1", "-W2", "10.10.10.51").succeeded())
                    .isTrue();

            one.down();

            assertThat(LabTesting.traces(first)).isEmpty();
            assertThat(LabTesting.traces(second)).isNotEmpty();
            assertThat(two.exec("compute1", "ping", "-c1", "-W2", "10.20.20.52").succeeded())
                    .isTrue();
            assertThat(two.switchOf("network").vsctl("list-br")).contains("br-ex");
        } finally {
            building.exceptionally(failure -> null).join();
            Lab.down(first);
            Lab.down(second);
        }
        assertThat(LabTesting.traces(second)).isEmpty();
    }

    @Test
    void downAfterTheCreatorWasKilledMidwayRemovesEverything() throws Exception {
        LabSpec spec = LabTesting.spec(1);
        List<String> up =
                WeftLauncher.command(
                        List.of(
                                "lab",
                                "up",
                                "--name",
                                spec.name(),
                                "--compute",
                                "1",
                                "--run-dir",
                                spec.runDirectory().toString()));
        Process creator =
                new ProcessBuilder(up)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        List<ProcessHandle> inside;
        java.util.Set<String> namespaces;
        try {
            LabState seen = awaitFirstSwitch(spec, creator);
            creator.destroyForcibly().waitFor();
            assertThat(seen.phase).isEqualTo(LabState.Phase.BUILDING);
            inside = LabTesting.processesInside(spec);
            namespaces = LabTesting.namespacesOf(spec);
            assertThat(LabTesting.traces(spec)).isNotEmpty();
        } finally {
            creator.destroyForcibly().waitFor();
            Lab.down(spec);
        }

        assertThat(LabTesting.traces(spec)).isEmpty();
        assertThat(LabTesting.stillAlive(inside)).isEmpty();
        // Nor any started while the lab went down (an Erlang VM stopping starts epmd again).
        assertThat(LabTesting.stillAlive(LabTesting.processesIn(namespaces))).isEmpty();
    }

    /** The state as soon as it records a switch, while the creator is still building. */
    private static LabState awaitFirstSwitch(LabSpec spec, Process creator)
            throws InterruptedException {
        StateFile file = StateFile.in(spec.runDirectory());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline) && creator.isAlive()) {
            if (Files.exists(file.path())) {
                LabState state = file.read();
                if (state.processes.stream()
                        .anyMatch(p -> p.kind() == LabState.ProcessKind.SWITCH)) {
                    return state;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError(
                "weft lab up recorded no switch; still running: " + creator.isAlive());
    }

    /** As an agent's dnsmasq in a qdhcp- namespace would be: not in the lab's records. */
    private static void startUnrecordedProcessInANestedNamespace(Lab lab) {
        lab.exec("network", "ip", "netns", "add", "qdhcp-leftover");
        ChildProcess.start(
                "sleep",
                lab.placement("network").namespace("qdhcp-leftover").wrap(List.of("sleep", "600")),
                lab.host("network").logDirectory().resolve("sleep.log"),
                Map.of());
    }

    /** Kills a host's ovs-vswitchd as a crash would, leaving its tap devices behind. */
    private static void killSwitchDaemonOf(Lab lab, String host) {
        List<Long> pids = new ArrayList<>();
        lab.status().processes().stream()
                .filter(p -> p.host().equals(host) && p.name().equals("ovs-vswitchd"))
                .forEach(p -> pids.add(p.pid()));
        assertThat(pids).hasSize(1);
        ProcessHandle.of(pids.get(0)).ifPresent(ProcessHandle::destroyForcibly);
        assertThat(lab.exec(host, "ip", "link", "show", "ovs-netdev").succeeded()).isTrue();
    }
}
