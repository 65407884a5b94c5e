package org.weft.agent.dhcp.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.linux.ChildProcess;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;

/**
 * The dnsmasq of one network: started by this agent, or adopted from an earlier run through its pid
 * file. A process is only adopted, or stopped as stale, when {@code /proc/<pid>/cmdline} shows it
 * is a dnsmasq writing this network's pid file: a pid the kernel has reused since is left alone.
 *
 * <p>Not {@link org.weft.dataplane.linux.SupervisedProcess}: dnsmasq needs SIGHUP, a watch that can
 * be dropped while the process runs on (an agent that stops leaves DHCP serving), and restarts that
 * go through the agent's reconcile pass, which rewrites the files first.
 */
final class DnsmasqProcess {
    private static final Logger log = LoggerFactory.getLogger(DnsmasqProcess.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final String networkId;
    private final ChildProcess process;
    private final List<String> argv;
    private final Instant startedAt;
    private volatile boolean stopping;
    private volatile Thread watcher;

    private DnsmasqProcess(String networkId, ChildProcess process, List<String> argv) {
        this.networkId = networkId;
        this.process = process;
        this.argv = List.copyOf(argv);
        this.startedAt = Instant.now();
    }

    /** Starts dnsmasq with {@code argv} in {@code namespace}, its output in the network's log. */
    static DnsmasqProcess start(
            String networkId, Placement namespace, List<String> argv, NetworkFilesLayout files) {
        ChildProcess process =
                ChildProcess.start(
                        "dnsmasq network=" + networkId,
                        namespace.wrap(argv),
                        files.log(),
                        Map.of());
        return new DnsmasqProcess(networkId, process, argv);
    }

    /**
     * The dnsmasq an earlier run left for this network, if its pid file names a live dnsmasq of
     * this network: {@code exact} when it runs with {@code argv}, or {@code stale} otherwise.
     */
    static Optional<Found> find(String networkId, NetworkFilesLayout files, List<String> argv) {
        Optional<Long> pid = readPid(files.pid());
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        List<String> running = commandLine(pid.get());
        if (running.isEmpty()
                || !running.get(0).endsWith("dnsmasq")
                || !running.contains("--pid-file=" + files.pid())) {
            return Optional.empty();
        }
        Optional<Instant> started =
                ProcessHandle.of(pid.get()).flatMap(h -> h.info().startInstant());
        return started.flatMap(
                        instant ->
                                ChildProcess.adopt(
                                        "dnsmasq network=" + networkId, pid.get(), instant))
                .map(
                        process ->
                                new Found(
                                        new DnsmasqProcess(networkId, process, running),
                                        running.equals(argv)));
    }

    /**
     * A dnsmasq left by an earlier run; {@code current} when its command line is the wanted one.
     */
    record Found(DnsmasqProcess process, boolean current) {}

    private static Optional<Long> readPid(Path pidFile) {
        try {
            String text = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
            return Optional.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<String> commandLine(long pid) {
        try {
            byte[] bytes = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.endsWith("\0")) {
                text = text.substring(0, text.length() - 1);
            }
            return text.isEmpty() ? List.of() : Arrays.asList(text.split("\0", -1));
        } catch (IOException e) {
            return List.of();
        }
    }

    long pid() {
        return process.pid();
    }

    List<String> argv() {
        return argv;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** How long ago this agent started or adopted the process. */
    Duration age() {
        return Duration.between(startedAt, Instant.now());
    }

    /** Makes dnsmasq re-read its host, options and names files (SIGHUP). */
    void reload() {
        Command.of("kill", "-HUP", Long.toString(pid())).run();
        log.debug("reloaded dnsmasq network={} pid={}", networkId, pid());
    }

    /**
     * Calls {@code onExit} from a thread of its own when the process ends without being stopped
     * through {@link #stop()}.
     */
    void watch(Runnable onExit) {
        watcher =
                Thread.ofVirtual()
                        .name("dnsmasq-watch-" + networkId)
                        .start(
                                () -> {
                                    while (!process.waitForExit(Duration.ofMinutes(10))) {
                                        if (Thread.currentThread().isInterrupted()) {
                                            return;
                                        }
                                    }
                                    if (!stopping) {
                                        onExit.run();
                                    }
                                });
    }

    /** Stops watching, leaving the process running. */
    void unwatch() {
        Thread thread = watcher;
        if (thread != null) {
            thread.interrupt();
        }
    }

    void stop() {
        stopping = true;
        unwatch();
        process.stop(STOP_GRACE);
    }

    @Override
    public String toString() {
        return "dnsmasq(network=" + networkId + " pid=" + pid() + ")";
    }
}
