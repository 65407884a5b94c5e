package org.weft.testsupport.golden;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which value of this run stands for which value of the golden run, for values that differ from run
 * to run (ids, MACs, addresses allocated at random). The pairing is one to one and holds for the
 * whole replay: the network id a port names must be the id the network got when it was created, and
 * two golden ids can never become one.
 */
public final class ValueMapping {
    static final Pattern UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Map<String, String> forward = new HashMap<>();
    private final Map<String, String> backward = new HashMap<>();

    /**
     * Pairs {@code golden} with {@code actual}, or tells whether they are already paired. False
     * when either is already paired with something else.
     */
    public boolean bind(String golden, String actual) {
        String known = forward.get(golden);
        if (known != null) {
            return known.equals(actual);
        }
        if (backward.containsKey(actual)) {
            return false;
        }
        forward.put(golden, actual);
        backward.put(actual, golden);
        return true;
    }

    public Optional<String> actualFor(String golden) {
        return Optional.ofNullable(forward.get(golden));
    }

    public Optional<String> goldenFor(String actual) {
        return Optional.ofNullable(backward.get(actual));
    }

    /**
     * {@code text} of a golden request with each id learnt so far replaced by this run's. An id the
     * replay has not seen in an answer is a literal of the request (a made-up id, say): it stands
     * for itself from then on.
     */
    public String substitute(String text) {
        Matcher ids = UUID.matcher(text);
        StringBuilder out = new StringBuilder();
        while (ids.find()) {
            String golden = ids.group();
            bind(golden, golden);
            ids.appendReplacement(out, Matcher.quoteReplacement(forward.get(golden)));
        }
        ids.appendTail(out);
        return out.toString();
    }

    /** {@code text} with each golden id already paired replaced by this run's; others kept. */
    public String translate(String text) {
        Matcher ids = UUID.matcher(text);
        StringBuilder out = new StringBuilder();
        while (ids.find()) {
            String id = forward.getOrDefault(ids.group(), ids.group());
            ids.appendReplacement(out, Matcher.quoteReplacement(id));
        }
        ids.appendTail(out);
        return out.toString();
    }

    /** A copy to try a pairing on, kept with {@link #adopt} only if it works out. */
    public ValueMapping copy() {
        ValueMapping copy = new ValueMapping();
        copy.forward.putAll(forward);
        copy.backward.putAll(backward);
        return copy;
    }

    public void adopt(ValueMapping trial) {
        forward.clear();
        forward.putAll(trial.forward);
        backward.clear();
        backward.putAll(trial.backward);
    }
}
