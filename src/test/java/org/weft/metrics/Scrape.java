package org.weft.metrics;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.weft.dataplane.linux.Command;

/** Prometheus text as tests read it: one sample's value, and the output checked by promtool. */
public record Scrape(String text) {
    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? (\\S+)$");

    /** This process's registry, now. */
    public static Scrape now() {
        return new Scrape(Metrics.scrape());
    }

    /**
     * The sum of the samples called {@code name} whose labels include every one of {@code labels};
     * 0 when there is none.
     */
    public double value(String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : text.lines().toList()) {
            Matcher sample = SAMPLE.matcher(line);
            if (sample.matches()
                    && sample.group(1).equals(name)
                    && hasLabels(sample.group(3), labels)) {
                sum += Double.parseDouble(sample.group(4));
            }
        }
        return sum;
    }

    private static boolean hasLabels(String labelText, Map<String, String> labels) {
        String text = labelText == null ? "" : labelText;
        return labels.entrySet().stream()
                .allMatch(label -> text.contains(label.getKey() + "=\"" + label.getValue() + "\""));
    }

    /** Runs {@code promtool check metrics} on the text; what it says when it finds a problem. */
    public Command.Result promtool() {
        return Command.of("promtool", "check", "metrics").withInput(text).execute();
    }
}
