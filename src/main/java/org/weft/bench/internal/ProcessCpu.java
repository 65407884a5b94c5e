package org.weft.bench.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * CPU time used so far by a server under test: a process and its descendants (neutron-server's API
 * workers are its children), summed, as the kernel accounts them.
 */
public final class ProcessCpu {
    private final Supplier<List<Long>> pids;

    private ProcessCpu(Supplier<List<Long>> pids) {
        this.pids = pids;
    }

    /** The processes {@code pids} names at each reading, with their descendants. */
    public static ProcessCpu of(Supplier<List<Long>> pids) {
        return new ProcessCpu(pids);
    }

    /** A server whose processes are not known: no figure. */
    public static ProcessCpu unknown() {
        return new ProcessCpu(List::of);
    }

    /** Total CPU time so far, or empty when no process could be read. */
    public Optional<Duration> total() {
        Duration sum = Duration.ZERO;
        boolean any = false;
        for (long pid : pids.get()) {
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isEmpty()) {
                continue;
            }
            for (ProcessHandle handle : withDescendants(process.get())) {
                Optional<Duration> cpu = handle.info().totalCpuDuration();
                if (cpu.isPresent()) {
                    sum = sum.plus(cpu.get());
                    any = true;
                }
            }
        }
        return any ? Optional.of(sum) : Optional.empty();
    }

    private static List<ProcessHandle> withDescendants(ProcessHandle process) {
        return Stream.concat(Stream.of(process), process.descendants()).toList();
    }
}
