package org.weft.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The reference's port-create figures as its own folder recorded them on an idle machine ({@code
 * results/load-mariadb-w2.json}, written by its {@code load.py}): a fixed yardstick beside this
 * run's measurement of the reference, which a busy machine lowers.
 */
public record RecordedReference(
        String source, Map<Integer, Double> createPerSecond, Map<Integer, Double> createP50Millis) {
    static final String FILE = "results/load-mariadb-w2.json";

    /** The figures of {@code referenceDir}, if it has them. */
    public static Optional<RecordedReference> read(Path referenceDir) {
        Path file = referenceDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode runs = NeutronApi.JSON.readTree(file.toFile()).path("runs");
            Map<Integer, Double> perSecond = new HashMap<>();
            Map<Integer, Double> p50 = new HashMap<>();
            for (JsonNode run : runs) {
                int concurrency = run.path("concurrency").asInt();
                perSecond.put(concurrency, run.path("create").path("per_s").asDouble());
                p50.put(concurrency, run.path("create").path("p50_ms").asDouble());
            }
            return Optional.of(new RecordedReference(file.toString(), perSecond, p50));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
