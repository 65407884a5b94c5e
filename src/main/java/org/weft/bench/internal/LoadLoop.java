package org.weft.bench.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.weft.bench.HttpConnection;
import org.weft.bench.HttpResponse;

/**
 * A fixed number of requests spread over a fixed number of worker threads, each with its own
 * kept-alive connection, as fast as the server answers. Latency is taken around the exchange only:
 * building the request and reading what the answer says happen outside it.
 */
public final class LoadLoop {
    private static final int SAMPLE_ERRORS = 3;

    /** What the loop sends and how it judges the answers. */
    public interface Step {
        /** The bytes of request {@code index}, made with {@link HttpConnection#encode}. */
        byte[] request(HttpConnection connection, int index);

        /** Whether the answer is a success; may keep what it needs from it (an id). */
        boolean accept(int index, HttpResponse response);
    }

    private final URI base;
    private final String target;
    private final ProcessCpu serverCpu;

    public LoadLoop(URI base, String target, ProcessCpu serverCpu) {
        this.base = base;
        this.target = target;
        this.serverCpu = serverCpu;
    }

    /** Runs {@code requests} requests on {@code concurrency} workers and measures them. */
    public PhaseResult run(String operation, int requests, int concurrency, Step step) {
        double[] latencies = new double[requests];
        boolean[] succeeded = new boolean[requests];
        AtomicInteger next = new AtomicInteger();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        Optional<Duration> serverBefore = serverCpu.total();
        long cpuBefore = processCpuNanos();
        long started = System.nanoTime();

        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            Runnable work = () -> work(requests, step, next, latencies, succeeded, errors);
            workers.add(Thread.ofPlatform().name("bench-" + operation + "-" + w).start(work));
        }
        workers.forEach(LoadLoop::join);

        double wall = (System.nanoTime() - started) / 1e9;
        double generatorCpu = (processCpuNanos() - cpuBefore) / 1e9;
        Optional<Double> serverSeconds = serverSeconds(serverBefore, serverCpu.total());
        return new PhaseResult(
                operation,
                target,
                concurrency,
                requests,
                errors.size(),
                wall,
                new Percentiles(successful(latencies, succeeded)),
                generatorCpu,
                serverSeconds,
                errors.subList(0, Math.min(SAMPLE_ERRORS, errors.size())));
    }

    private void work(
            int requests,
            Step step,
            AtomicInteger next,
            double[] latencies,
            boolean[] succeeded,
            List<String> errors) {
        try (HttpConnection connection = new HttpConnection(base)) {
            for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                byte[] request = step.request(connection, i);
                long sent = System.nanoTime();
                try {
                    HttpResponse response = connection.send(request, false);
                    latencies[i] = (System.nanoTime() - sent) / 1e6;
                    succeeded[i] = step.accept(i, response);
                    if (!succeeded[i]) {
                        errors.add(response.status() + " " + abbreviated(response));
                    }
                } catch (IOException e) {
                    errors.add(e.toString());
                }
            }
        }
    }

    private static String abbreviated(HttpResponse response) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    private static double[] successful(double[] latencies, boolean[] succeeded) {
        int n = 0;
        double[] kept = new double[latencies.length];
        for (int i = 0; i < latencies.length; i++) {
            if (succeeded[i]) {
                kept[n++] = latencies[i];
            }
        }
        return Arrays.copyOf(kept, n);
    }

    private static Optional<Double> serverSeconds(
            Optional<Duration> before, Optional<Duration> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(after.get().minus(before.get()).toNanos() / 1e9);
    }

    /** CPU time of this whole JVM: worker threads, but also JIT, GC and the JSON parsing. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        throw new IllegalStateException("this JVM does not report its process CPU time");
    }

    private static void join(Thread worker) {
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + worker.getName(), e);
        }
    }
}
