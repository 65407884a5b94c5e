package org.weft.bench.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.weft.bench.BenchReport;

/**
 * The report of {@code weft bench api}: every timed loop of both servers in one table, then Weft
 * against the reference as ratios, then the goals with whether they were met.
 */
public final class ApiReport {
    /** Port create at concurrency 8 must reach this multiple of the reference's throughput. */
    static final double CREATE_GOAL_RATIO = 200;

    /** A list of the big size must take less than this, milliseconds (judged on p50). */
    static final double BIG_LIST_GOAL_MILLIS = 50;

    private final int listSize;
    private final int bigListSize;
    private final List<PhaseResult> phases = new ArrayList<>();
    private final Map<String, String> targets = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> notes = new LinkedHashMap<>();

    public ApiReport(int listSize, int bigListSize) {
        this.listSize = listSize;
        this.bigListSize = bigListSize;
    }

    public void reference(URI base, boolean startedHere) {
        targets.put(
                "reference",
                "neutron-server of shared/reference/neutron (Debian 2:21.0.0, Zed; 2 API workers,"
                        + " MariaDB) at "
                        + base
                        + (startedHere
                                ? ", started by this run with its start.sh and stopped after"
                                : ", already running"));
    }

    public void weft(URI base, boolean startedHere, int warmup) {
        targets.put(
                "weft",
                (startedHere
                                ? "`weft server` child JVM, embedded H2 in a fresh data directory,"
                                        + " at "
                                : "a running Weft server at ")
                        + base
                        + String.format(
                                Locale.ROOT,
                                "; %,d ports created and deleted before measuring (JIT warm-up)",
                                warmup));
    }

    public void add(String target, List<PhaseResult> results, Map<String, String> targetNotes) {
        phases.addAll(results);
        notes.put(target, targetNotes);
    }

    public BenchReport build() {
        StringBuilder md = new StringBuilder();
        describeSetup(md);
        phaseTable(md);
        ratios(md);
        goals(md);
        notes(md);
        return new BenchReport(
                "port create and list, Weft against the reference Neutron", md.toString(), json());
    }

    private void describeSetup(StringBuilder md) {
        md.append(
                "Load generator: Weft's own `org.weft.bench.HttpConnection`, blocking HTTP/1.1 over"
                        + " one kept-alive socket per worker thread, in the `weft bench` JVM. The"
                        + " `generator` column is that whole JVM's CPU (workers, JIT, GC), the"
                        + " `server` column the server's processes with their children, both in"
                        + " cores kept busy on average during the loop.\n\n");
        targets.forEach(
                (name, text) ->
                        md.append("- ").append(name).append(": ").append(text).append('\n'));
        md.append(
                "- workload: ports created on one network with a /21 subnet, as the reference's"
                    + " `load.py` does, then deleted; lists are `GET /v2.0/ports?network_id=NET` at"
                    + " concurrency 1; port quotas raised first with `PUT"
                    + " /v2.0/quotas/PROJECT`.\n\n");
    }

    private void phaseTable(StringBuilder md) {
        md.append(
                        "| target | operation | concurrency | requests | errors | per s | p50 ms |"
                                + " p90 ms")
                .append(" | p99 ms | generator cores (µs/request) | server cores |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (PhaseResult p : phases) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %d | %,d | %d | %s | %s | %s | %s | %.2f (%.0f) | %s |\n",
                            p.target(),
                            p.operation(),
                            p.concurrency(),
                            p.requests(),
                            p.errors(),
                            number(p.perSecond()),
                            number(p.p50()),
                            number(p.p90()),
                            number(p.latencyMillis().at(99)),
                            p.generatorCores(),
                            p.generatorMicrosPerRequest(),
                            p.serverCores().map(ApiReport::number).orElse("n/a")));
        }
        md.append('\n');
    }

    private void ratios(StringBuilder md) {
        md.append("Weft against the reference:\n\n")
                .append("| measure | reference | Weft | Weft ÷ reference |\n")
                .append("|---|---|---|---|\n");
        for (int c : List.of(1, 8)) {
            ratioRow(md, "port create/s, concurrency " + c, "port create", c, true);
            ratioRow(md, "port create p50 ms, concurrency " + c, "port create", c, false);
        }
        String list = "port list " + listSize;
        ratioRow(
                md, String.format(Locale.ROOT, "list %,d ports, p50 ms", listSize), list, 1, false);
        md.append('\n');
    }

    private void ratioRow(
            StringBuilder md, String label, String operation, int concurrency, boolean throughput) {
        Optional<PhaseResult> reference = find("reference", operation, concurrency);
        Optional<PhaseResult> weft = find("weft", operation, concurrency);
        String ref = reference.map(p -> number(throughput ? p.perSecond() : p.p50())).orElse("n/a");
        String ours = weft.map(p -> number(throughput ? p.perSecond() : p.p50())).orElse("n/a");
        String ratio = "n/a";
        if (reference.isPresent() && weft.isPresent()) {
            double r =
                    throughput
                            ? weft.get().perSecond() / reference.get().perSecond()
                            : reference.get().p50() / weft.get().p50();
            ratio = String.format(Locale.ROOT, "%.1f×%s", r, throughput ? "" : " faster");
        }
        md.append("| ")
                .append(label)
                .append(" | ")
                .append(ref)
                .append(" | ")
                .append(ours)
                .append(" | ")
                .append(ratio)
                .append(" |\n");
    }

    private void goals(StringBuilder md) {
        md.append("Goals:\n\n");
        Optional<Double> ratio = createRatioAtEight();
        md.append(
                ratio.map(
                                r ->
                                        String.format(
                                                Locale.ROOT,
                                                "- port create at concurrency 8 at least %.0f× the"
                                                        + " reference: %.1f× — %s\n",
                                                CREATE_GOAL_RATIO,
                                                r,
                                                r >= CREATE_GOAL_RATIO ? "met" : "NOT met"))
                        .orElse("- port create ratio at concurrency 8: not measured\n"));
        Optional<PhaseResult> big = find("weft", "port list " + bigListSize, 1);
        md.append(
                big.map(
                                p ->
                                        String.format(
                                                Locale.ROOT,
                                                "- a list of %,d ports in under %.0f ms: p50 %s ms,"
                                                        + " p90 %s ms — %s\n",
                                                bigListSize,
                                                BIG_LIST_GOAL_MILLIS,
                                                number(p.p50()),
                                                number(p.p90()),
                                                p.p50() < BIG_LIST_GOAL_MILLIS ? "met" : "NOT met"))
                        .orElse("- big list: not measured\n"));
        md.append('\n');
    }

    private Optional<Double> createRatioAtEight() {
        Optional<PhaseResult> reference = find("reference", "port create", 8);
        Optional<PhaseResult> weft = find("weft", "port create", 8);
        if (reference.isEmpty() || weft.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(weft.get().perSecond() / reference.get().perSecond());
    }

    private void notes(StringBuilder md) {
        md.append("Notes:\n\n");
        notes.forEach(
                (target, targetNotes) ->
                        targetNotes.forEach(
                                (what, text) ->
                                        md.append("- ")
                                                .append(target)
                                                .append(", ")
                                                .append(what)
                                                .append(": ")
                                                .append(text)
                                                .append('\n')));
        for (PhaseResult p : phases) {
            if (!p.sampleErrors().isEmpty()) {
                md.append("- ")
                        .append(p.target())
                        .append(", ")
                        .append(p.operation())
                        .append(" errors, for example: `")
                        .append(p.sampleErrors().get(0))
                        .append("`\n");
            }
        }
    }

    private Optional<PhaseResult> find(String target, String operation, int concurrency) {
        return phases.stream()
                .filter(p -> p.target().equals(target))
                .filter(p -> p.operation().equals(operation))
                .filter(p -> p.concurrency() == concurrency)
                .findFirst();
    }

    private ObjectNode json() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("load_generator", "org.weft.bench.HttpConnection (blocking HTTP/1.1, keep-alive)");
        ObjectNode targetsJson = json.putObject("targets");
        targets.forEach(targetsJson::put);
        ArrayNode phasesJson = json.putArray("phases");
        phases.forEach(p -> phasesJson.add(p.toJson()));
        ObjectNode notesJson = json.putObject("notes");
        notes.forEach((target, n) -> n.forEach((k, v) -> notesJson.put(target + ": " + k, v)));
        createRatioAtEight()
                .ifPresent(r -> json.put("port_create_ratio_c8", PhaseResult.round(r, 1)));
        return json;
    }

    /** Figures with a precision that suits their size. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (value >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.1f" : "%.2f", value);
    }
}
