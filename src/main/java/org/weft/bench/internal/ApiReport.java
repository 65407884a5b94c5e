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
    private Optional<RecordedReference> recorded = Optional.empty();

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

    /** The reference's own recorded figures, shown beside this run's. */
    public void recorded(Optional<RecordedReference> figures) {
        this.recorded = figures;
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
        md.append("Weft against the reference, measured in this run and as the reference's folder")
                .append(" recorded it on an idle machine")
                .append(recorded.map(r -> " (`" + RecordedReference.FILE + "`)").orElse(""))
                .append(":\n\n")
                .append("| measure | reference | Weft | Weft ÷ reference | recorded reference |")
                .append(" Weft ÷ recorded |\n")
                .append("|---|---|---|---|---|---|\n");
        for (int c : List.of(1, 8)) {
            Optional<Double> perSecond = recorded.map(r -> r.createPerSecond().get(c));
            Optional<Double> p50 = recorded.map(r -> r.createP50Millis().get(c));
            ratioRow(md, "port create/s, concurrency " + c, "port create", c, true, perSecond);
            ratioRow(md, "port create p50 ms, concurrency " + c, "port create", c, false, p50);
        }
        String list = "port list " + listSize;
        String label = String.format(Locale.ROOT, "list %,d ports, p50 ms", listSize);
        ratioRow(md, label, list, 1, false, Optional.empty());
        md.append('\n');
    }

    private void ratioRow(
            StringBuilder md,
            String label,
            String operation,
            int concurrency,
            boolean throughput,
            Optional<Double> recordedFigure) {
        Optional<Double> reference =
                find("reference", operation, concurrency).map(p -> figure(p, throughput));
        Optional<Double> weft =
                find("weft", operation, concurrency).map(p -> figure(p, throughput));
        md.append("| ")
                .append(label)
                .append(" | ")
                .append(reference.map(ApiReport::number).orElse("n/a"))
                .append(" | ")
                .append(weft.map(ApiReport::number).orElse("n/a"))
                .append(" | ")
                .append(ratio(weft, reference, throughput))
                .append(" | ")
                .append(recordedFigure.map(ApiReport::number).orElse("n/a"))
                .append(" | ")
                .append(ratio(weft, recordedFigure, throughput))
                .append(" |\n");
    }

    private static double figure(PhaseResult phase, boolean throughput) {
        return throughput ? phase.perSecond() : phase.p50();
    }

    private static String ratio(Optional<Double> weft, Optional<Double> other, boolean throughput) {
        if (weft.isEmpty() || other.isEmpty()) {
            return "n/a";
        }
        double r = throughput ? weft.get() / other.get() : other.get() / weft.get();
        return String.format(Locale.ROOT, "%.1f×%s", r, throughput ? "" : " faster");
    }

    private void goals(StringBuilder md) {
        md.append("Goals:\n\n");
        Optional<Double> ratio = createRatioAtEight();
        Optional<Double> recordedRatio =
                find("weft", "port create", 8)
                        .flatMap(
                                w -> recorded.map(r -> w.perSecond() / r.createPerSecond().get(8)));
        recordedRatio.ifPresent(
                r ->
                        md.append(
                                String.format(
                                        Locale.ROOT,
                                        "- port create at concurrency 8 at least %.0f× the"
                                                + " reference's recorded idle figure: %.1f× — %s\n",
                                        CREATE_GOAL_RATIO,
                                        r,
                                        r >= CREATE_GOAL_RATIO ? "met" : "NOT met")));
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
