package org.weft.testsupport.golden;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A readable account of a replay: which golden files match, and for each that does not, every
 * difference with what the reference and this server answered; accepted differences with their
 * reasons at the end.
 */
public final class GoldenReport {
    private final List<GoldenReplay.Result> results = new ArrayList<>();

    public void add(GoldenReplay.Result result) {
        results.add(result);
    }

    public long matching() {
        return results.stream().filter(r -> r.outcome().matches()).count();
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Golden comparison: ")
                .append(matching())
                .append(" of ")
                .append(results.size())
                .append(" answers match\n\n");
        for (GoldenReplay.Result result : results) {
            GoldenExchange golden = result.golden();
            md.append("- ")
                    .append(golden.file())
                    .append(": ")
                    .append(result.outcome().matches() ? "matches" : "DIFFERS")
                    .append('\n');
            for (Difference d : result.outcome().differences()) {
                md.append("  - `")
                        .append(d.where())
                        .append("`: ")
                        .append(d.what())
                        .append("; reference: `")
                        .append(d.golden())
                        .append("`; answer: `")
                        .append(d.actual())
                        .append("`\n");
            }
        }
        md.append("\n## Accepted differences\n\n");
        for (GoldenReplay.Result result : results) {
            for (GoldenComparison.Accepted a : result.outcome().accepted()) {
                md.append("- ")
                        .append(a.difference().file())
                        .append(" `")
                        .append(a.difference().where())
                        .append("`: ")
                        .append(a.reason())
                        .append('\n');
            }
        }
        return md.toString();
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, markdown());
    }
}
