package org.weft.testsupport.golden;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.weft.bench.HttpResponse;
import org.weft.testsupport.golden.ComparisonRules.RandomAddress;
import org.weft.testsupport.golden.ComparisonRules.SubsetArray;
import org.weft.testsupport.golden.ComparisonRules.VolatileMember;

/**
 * Compares this server's answer with the reference's golden one, the way a client would notice a
 * difference.
 *
 * <ul>
 *   <li>The status line must be the same, reason phrase included.
 *   <li>Every header of the golden answer must be there with the same value, except {@code Date}
 *       and {@code Content-Length} (they follow from the time and from values allowed to differ)
 *       and {@code X-Openstack-Request-Id}, which needs only the {@code req-UUID} shape. Headers
 *       the reference did not send are not looked at.
 *   <li>JSON bodies must have the same members (none missing, none extra), the same types and the
 *       same values, recursively. Member order inside an object is not compared: JSON clients read
 *       objects as maps, and the reference itself orders one resource's members differently in a
 *       create answer and in a list. Arrays keep their order, except arrays of resources (objects
 *       with an {@code id}) and of ids, which the reference orders by its random ids: those are
 *       paired element by element, each golden element with the closest remaining one.
 *   <li>Run-dependent values are matched by shape and by consistency: ids (UUIDs, also inside
 *       messages and links), MACs (same first three octets, the {@code base_mac} prefix) and the
 *       rules' random addresses must pair one to one with the golden run's values across the whole
 *       replay (see {@link ValueMapping}); timestamps need the same format; the rules' volatile
 *       members need their shape (when the golden value has it; a golden {@code null} stays {@code
 *       null}). Links name the reference's base URL, compared as this server's.
 * </ul>
 */
public final class GoldenComparison {
    static final Pattern UUID = ValueMapping.UUID;
    static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    static final Pattern REQUEST_ID = Pattern.compile("req-" + UUID.pattern());
    static final String GOLDEN_BASE = "http://127.0.0.1:9696";
    private static final Set<String> IGNORED_HEADERS = Set.of("date", "content-length");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A difference accepted by a rule, with the rule's reason. */
    public record Accepted(Difference difference, String reason) {}

    /** The differences of one answer: those that count and those a rule accepts. */
    public record Outcome(List<Difference> differences, List<Accepted> accepted) {
        public boolean matches() {
            return differences.isEmpty();
        }
    }

    private final ComparisonRules rules;
    private final ValueMapping mapping;
    private final String actualBase;

    public GoldenComparison(ComparisonRules rules, ValueMapping mapping, URI actualBase) {
        this.rules = rules;
        this.mapping = mapping;
        this.actualBase = actualBase.toString().replaceAll("/$", "");
    }

    public Outcome compare(GoldenExchange golden, HttpResponse actual) {
        Context context = new Context(golden.file(), mapping);
        compareStatusAndHeaders(context, golden.response(), actual);
        compareBody(context, golden.response().body(), actual.bodyText());
        return outcome(context);
    }

    /** Compares two JSON documents only, by the same rules: for what a client printed, say. */
    public Outcome compareDocuments(String file, JsonNode golden, JsonNode actual) {
        Context context = new Context(file, mapping);
        compareNode(context, "", golden, actual);
        return outcome(context);
    }

    /** Golden text with the ids paired so far in this run's terms. */
    public String translate(String goldenText) {
        return mapping.translate(goldenText);
    }

    /** This run's value for a golden run-dependent value, once an answer paired them. */
    public Optional<String> mappingFor(String golden) {
        return mapping.actualFor(golden);
    }

    private Outcome outcome(Context context) {
        List<Difference> differences = new ArrayList<>();
        List<Accepted> accepted = new ArrayList<>(context.accepted);
        for (Difference difference : context.differences) {
            rules.allowance(difference)
                    .ifPresentOrElse(
                            a -> accepted.add(new Accepted(difference, a.reason())),
                            () -> differences.add(difference));
        }
        return new Outcome(differences, accepted);
    }

    /** Where differences go; a trial context holds a copy of the mapping and its own lists. */
    private static final class Context {
        final String file;
        final ValueMapping mapping;
        final List<Difference> differences = new ArrayList<>();
        final List<Accepted> accepted = new ArrayList<>();

        Context(String file, ValueMapping mapping) {
            this.file = file;
            this.mapping = mapping;
        }

        Context trial() {
            return new Context(file, mapping.copy());
        }

        void adopt(Context trial) {
            mapping.adopt(trial.mapping);
            differences.addAll(trial.differences);
            accepted.addAll(trial.accepted);
        }

        void differ(String where, String golden, String actual, String what) {
            differences.add(new Difference(file, where, golden, actual, what));
        }
    }

    private void compareStatusAndHeaders(
            Context context, GoldenExchange.Response golden, HttpResponse actual) {
        if (!golden.statusLine().equals(actual.statusLine())) {
            context.differ("status line", golden.statusLine(), actual.statusLine(), "different");
        }
        for (Map.Entry<String, String> header : golden.headers()) {
            String name = header.getKey();
            if (IGNORED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            }
            Optional<String> value = actual.header(name);
            String where = "header " + name;
            if (value.isEmpty()) {
                context.differ(where, header.getValue(), "(missing)", "missing header");
            } else if (name.equalsIgnoreCase("X-Openstack-Request-Id")) {
                if (!REQUEST_ID.matcher(value.get()).matches()) {
                    context.differ(where, "req-UUID", value.get(), "not a request id");
                }
            } else if (!header.getValue().equals(value.get())) {
                context.differ(where, header.getValue(), value.get(), "different value");
            }
        }
    }

    private void compareBody(Context context, String golden, String actual) {
        if (golden.isEmpty()) {
            if (!actual.isEmpty()) {
                context.differ("body", "(empty)", abbreviated(actual), "body should be empty");
            }
            return;
        }
        Optional<JsonNode> goldenJson = parse(golden);
        if (goldenJson.isEmpty()) {
            compareText(context, "body", golden, actual);
            return;
        }
        Optional<JsonNode> actualJson = parse(actual);
        if (actualJson.isEmpty()) {
            context.differ("body", "JSON", abbreviated(actual), "body is not JSON");
            return;
        }
        compareNode(context, "", goldenJson.get(), actualJson.get());
    }

    private void compareNode(Context context, String path, JsonNode golden, JsonNode actual) {
        Optional<VolatileMember> volatileMember = memberName(path).flatMap(rules::volatileMember);
        if (volatileMember.isPresent() && volatileMember.get().hasShape().test(golden)) {
            if (!volatileMember.get().hasShape().test(actual)) {
                context.differ(
                        where(path),
                        describe(golden),
                        describe(actual),
                        "expected " + volatileMember.get().shape());
            }
            return;
        }
        if (golden.getNodeType() != actual.getNodeType()) {
            context.differ(
                    where(path),
                    describe(golden),
                    describe(actual),
                    "expected " + typeName(golden) + ", got " + typeName(actual));
            return;
        }
        switch (golden.getNodeType()) {
            case OBJECT -> compareObject(context, path, golden, actual);
            case ARRAY -> compareArray(context, path, golden, actual);
            case STRING -> compareText(context, where(path), golden.asText(), actual.asText());
            case NUMBER -> {
                if (golden.decimalValue().compareTo(actual.decimalValue()) != 0) {
                    context.differ(
                            where(path), describe(golden), describe(actual), "different value");
                }
            }
            default -> {
                if (!golden.equals(actual)) {
                    context.differ(
                            where(path), describe(golden), describe(actual), "different value");
                }
            }
        }
    }

    private void compareObject(Context context, String path, JsonNode golden, JsonNode actual) {
        for (Iterator<Map.Entry<String, JsonNode>> it = golden.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            String child = member(path, member.getKey());
            JsonNode value = actual.get(member.getKey());
            if (value == null) {
                context.differ(child, describe(member.getValue()), "(missing)", "missing member");
            } else {
                compareNode(context, child, member.getValue(), value);
            }
        }
        for (Iterator<String> it = actual.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!golden.has(name)) {
                context.differ(
                        member(path, name),
                        "(absent)",
                        describe(actual.get(name)),
                        "unexpected member");
            }
        }
    }

    private void compareArray(Context context, String path, JsonNode golden, JsonNode actual) {
        Optional<SubsetArray> subset = rules.subsetArray(context.file, path);
        if (subset.isPresent()) {
            compareSubset(context, path, golden, actual, subset.get());
        } else if (orderedByRandomIds(golden)) {
            compareUnordered(context, path, golden, actual);
        } else {
            compareOrdered(context, path, golden, actual);
        }
    }

    private static boolean orderedByRandomIds(JsonNode array) {
        if (array.size() < 2) {
            return false;
        }
        for (JsonNode element : array) {
            boolean resource = element.isObject() && element.has("id");
            boolean id = element.isTextual() && UUID.matcher(element.asText()).matches();
            if (!resource && !id) {
                return false;
            }
        }
        return true;
    }

    private void compareOrdered(Context context, String path, JsonNode golden, JsonNode actual) {
        int common = Math.min(golden.size(), actual.size());
        for (int i = 0; i < common; i++) {
            compareNode(context, path + "[" + i + "]", golden.get(i), actual.get(i));
        }
        for (int i = common; i < golden.size(); i++) {
            context.differ(
                    path + "[" + i + "]", describe(golden.get(i)), "(missing)", "missing element");
        }
        for (int i = common; i < actual.size(); i++) {
            context.differ(
                    path + "[" + i + "]",
                    "(absent)",
                    describe(actual.get(i)),
                    "unexpected element");
        }
    }

    /** Pairs each golden element, in order, with the remaining element it differs from least. */
    private void compareUnordered(Context context, String path, JsonNode golden, JsonNode actual) {
        List<JsonNode> remaining = new ArrayList<>();
        actual.forEach(remaining::add);
        for (int i = 0; i < golden.size(); i++) {
            String element = path + "[" + i + "]";
            if (remaining.isEmpty()) {
                context.differ(element, describe(golden.get(i)), "(missing)", "missing element");
                continue;
            }
            Context best = null;
            int bestIndex = -1;
            for (int j = 0; j < remaining.size(); j++) {
                Context trial = context.trial();
                compareNode(trial, element, golden.get(i), remaining.get(j));
                if (best == null || trial.differences.size() < best.differences.size()) {
                    best = trial;
                    bestIndex = j;
                }
            }
            context.adopt(best);
            remaining.remove(bestIndex);
        }
        for (JsonNode extra : remaining) {
            context.differ(path + "[]", "(absent)", describe(extra), "unexpected element");
        }
    }

    private void compareSubset(
            Context context, String path, JsonNode golden, JsonNode actual, SubsetArray rule) {
        for (int i = 0; i < actual.size(); i++) {
            JsonNode element = actual.get(i);
            String key = element.path(rule.key()).asText();
            Optional<JsonNode> match = findByKey(golden, rule.key(), key);
            String where = path + "[" + rule.key() + "=" + key + "]";
            if (match.isEmpty()) {
                context.differ(where, "(absent)", describe(element), "not in the reference's list");
            } else {
                compareNode(context, where, match.get(), element);
            }
        }
        for (JsonNode element : golden) {
            String key = element.path(rule.key()).asText();
            if (findByKey(actual, rule.key(), key).isEmpty()) {
                Difference missing =
                        new Difference(
                                context.file,
                                path + "[" + rule.key() + "=" + key + "]",
                                key,
                                "(not listed)",
                                "not listed by this server");
                context.accepted.add(new Accepted(missing, rule.reason()));
            }
        }
    }

    private static Optional<JsonNode> findByKey(JsonNode array, String key, String value) {
        for (JsonNode element : array) {
            if (element.path(key).asText().equals(value)) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    private void compareText(Context context, String where, String goldenText, String actual) {
        String golden = goldenText.replace(GOLDEN_BASE, actualBase);
        if (TIMESTAMP.matcher(golden).matches()) {
            if (!TIMESTAMP.matcher(actual).matches()) {
                context.differ(where, golden, actual, "expected a timestamp like " + golden);
            }
        } else if (UUID.matcher(golden).matches()) {
            compareId(context, where, golden, actual);
        } else if (MAC.matcher(golden).matches()) {
            compareMac(context, where, golden, actual);
        } else if (rules.randomAddress(golden).isPresent()) {
            compareRandomAddress(context, where, rules.randomAddress(golden).get(), actual);
        } else if (UUID.matcher(golden).find()) {
            compareTextWithIds(context, where, golden, actual);
        } else if (!golden.equals(actual)) {
            context.differ(where, golden, actual, "different value");
        }
    }

    private static void compareId(Context context, String where, String golden, String actual) {
        if (!UUID.matcher(actual).matches()) {
            context.differ(where, golden, actual, "expected an id (UUID)");
        } else if (!context.mapping.bind(golden, actual)) {
            context.differ(where, golden, actual, inconsistency(context.mapping, golden, actual));
        }
    }

    private static void compareMac(Context context, String where, String golden, String actual) {
        if (!MAC.matcher(actual).matches() || !actual.startsWith(golden.substring(0, 9))) {
            context.differ(
                    where, golden, actual, "expected a MAC starting " + golden.substring(0, 8));
        } else if (!context.mapping.bind(golden, actual)) {
            context.differ(where, golden, actual, inconsistency(context.mapping, golden, actual));
        }
    }

    private static void compareRandomAddress(
            Context context, String where, RandomAddress rule, String actual) {
        if (!ComparisonRules.inCidr(actual, rule.cidr())) {
            context.differ(where, rule.golden(), actual, "expected an address in " + rule.cidr());
        } else if (!context.mapping.bind(rule.golden(), actual)) {
            context.differ(
                    where,
                    rule.golden(),
                    actual,
                    inconsistency(context.mapping, rule.golden(), actual));
        }
    }

    /**
     * A message or link with ids inside: the text around the ids must be the same, and the ids must
     * correspond, in order or, for lists of ids the reference orders by their random values, as a
     * set.
     */
    private static void compareTextWithIds(
            Context context, String where, String golden, String actual) {
        List<String> goldenIds = ids(golden);
        List<String> actualIds = ids(actual);
        String goldenSkeleton = UUID.matcher(golden).replaceAll("<id>");
        String actualSkeleton = UUID.matcher(actual).replaceAll("<id>");
        if (!goldenSkeleton.equals(actualSkeleton) || goldenIds.size() != actualIds.size()) {
            context.differ(where, golden, actual, "different value");
            return;
        }
        ValueMapping trial = context.mapping.copy();
        boolean inOrder = true;
        for (int i = 0; i < goldenIds.size() && inOrder; i++) {
            inOrder = trial.bind(goldenIds.get(i), actualIds.get(i));
        }
        if (inOrder) {
            context.mapping.adopt(trial);
            return;
        }
        List<String> expected =
                goldenIds.stream()
                        .map(id -> context.mapping.actualFor(id).orElse(id))
                        .sorted()
                        .toList();
        if (!expected.equals(actualIds.stream().sorted().toList())) {
            context.differ(where, golden, actual, "the ids do not correspond to the golden ones");
        }
    }

    private static List<String> ids(String text) {
        List<String> ids = new ArrayList<>();
        Matcher matcher = UUID.matcher(text);
        while (matcher.find()) {
            ids.add(matcher.group());
        }
        return ids;
    }

    private static String inconsistency(ValueMapping mapping, String golden, String actual) {
        Optional<String> earlier = mapping.actualFor(golden);
        if (earlier.isPresent()) {
            return "inconsistent: earlier answers gave " + earlier.get() + " for this value";
        }
        return "inconsistent: "
                + actual
                + " already stood for "
                + mapping.goldenFor(actual).orElse("another value");
    }

    private static Optional<String> memberName(String path) {
        if (path.isEmpty() || path.endsWith("]")) {
            return Optional.empty();
        }
        return Optional.of(path.substring(path.lastIndexOf('.') + 1));
    }

    private static String member(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String where(String path) {
        return path.isEmpty() ? "body" : path;
    }

    private static String typeName(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static Optional<JsonNode> parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    static String describe(JsonNode node) {
        return abbreviated(node.toString());
    }

    private static String abbreviated(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }
}
