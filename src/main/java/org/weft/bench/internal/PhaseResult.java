package org.weft.bench.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one timed loop of requests measured: throughput, latency percentiles (milliseconds), and the
 * CPU the load generator and the server spent meanwhile (seconds).
 */
public record PhaseResult(
        String operation,
        String target,
        int concurrency,
        int requests,
        int errors,
        double wallSeconds,
        Percentiles latencyMillis,
        double generatorCpuSeconds,
        Optional<Double> serverCpuSeconds,
        List<String> sampleErrors) {

    public int succeeded() {
        return latencyMillis.count();
    }

    public double perSecond() {
        return wallSeconds > 0 ? succeeded() / wallSeconds : Double.NaN;
    }

    public double p50() {
        return latencyMillis.at(50);
    }

    public double p90() {
        return latencyMillis.at(90);
    }

    /** Cores the load generator kept busy on average during the loop. */
    public double generatorCores() {
        return generatorCpuSeconds / wallSeconds;
    }

    /** Generator CPU per request, microseconds. */
    public double generatorMicrosPerRequest() {
        return requests == 0 ? Double.NaN : generatorCpuSeconds * 1e6 / requests;
    }

    public Optional<Double> serverCores() {
        return serverCpuSeconds.map(seconds -> seconds / wallSeconds);
    }

    /** One progress line, in the shape of the reference's {@code load.py}. */
    public String line() {
        return String.format(
                Locale.ROOT,
                "  %-10s %-22s c=%d n=%-5d err=%-3d wall=%7.2fs %9.1f/s p50=%8.1fms"
                        + " p90=%8.1fms p99=%8.1fms max=%8.1fms generator=%.2f cores%s",
                target,
                operation,
                concurrency,
                succeeded(),
                errors,
                wallSeconds,
                perSecond(),
                p50(),
                p90(),
                latencyMillis.at(99),
                latencyMillis.max(),
                generatorCores(),
                serverCores()
                        .map(c -> String.format(Locale.ROOT, " server=%.2f cores", c))
                        .orElse(""));
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("operation", operation);
        json.put("target", target);
        json.put("concurrency", concurrency);
        json.put("requests", requests);
        json.put("succeeded", succeeded());
        json.put("errors", errors);
        json.put("wall_s", round(wallSeconds, 3));
        json.put("per_s", round(perSecond(), 2));
        json.put("p50_ms", round(p50(), 2));
        json.put("p90_ms", round(p90(), 2));
        json.put("p99_ms", round(latencyMillis.at(99), 2));
        json.put("max_ms", round(latencyMillis.max(), 2));
        json.put("mean_ms", round(latencyMillis.mean(), 2));
        json.put("generator_cpu_s", round(generatorCpuSeconds, 3));
        json.put("generator_cores", round(generatorCores(), 3));
        json.put("generator_cpu_us_per_request", round(generatorMicrosPerRequest(), 1));
        serverCpuSeconds.ifPresent(s -> json.put("server_cpu_s", round(s, 3)));
        serverCores().ifPresent(c -> json.put("server_cores", round(c, 3)));
        sampleErrors.forEach(json.putArray("sample_errors")::add);
        return json;
    }

    static double round(double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
