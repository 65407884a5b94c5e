package org.weft.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every option any Weft process understands, so that each process can tell the operator about keys
 * that no part of Weft knows (a typo, or a setting of a Neutron feature Weft lacks) while staying
 * quiet about keys meant for another process sharing the same file, as {@code quantum.conf} is
 * shared by the server and every agent.
 */
public final class KnownOptions {
    private static final Logger log = LoggerFactory.getLogger(KnownOptions.class);

    /**
     * Sections of a paste deployment file ({@code api-paste.ini}) that describe a Python WSGI
     * pipeline: Weft has its own and needs none of them.
     */
    private static final List<String> PASTE_SECTION_PREFIXES =
            List.of("composite:", "pipeline:", "app:", "filter:", "server:");

    private final Map<Option.Name, Option<?>> byName = new HashMap<>();

    public KnownOptions(List<? extends Option<?>> options) {
        for (Option<?> option : options) {
            for (Option.Name name : option.names()) {
                byName.put(name, option);
            }
        }
    }

    /** Whether some Weft process reads {@code section} and {@code key}. */
    public boolean knows(String section, String key) {
        return byName.containsKey(new Option.Name(section, key));
    }

    /**
     * The keys of {@code config} that no Weft process knows, each logged once at WARN with where it
     * is written, and returned for callers that want to show them.
     */
    public List<ConfigValue> warnAboutUnknown(Config config) {
        List<ConfigValue> unknown = new ArrayList<>();
        Map<Option.Name, Boolean> seen = new HashMap<>();
        for (ConfigValue value : config.values()) {
            Option.Name name = new Option.Name(value.section(), value.key());
            Option<?> option = byName.get(name);
            if (option != null) {
                if (option.unusedBecause().isPresent() && seen.putIfAbsent(name, true) == null) {
                    log.info(
                            "setting accepted and not needed: {} ({})",
                            value.origin(),
                            option.unusedBecause().get());
                }
                continue;
            }
            if (isPasteSection(value.section())) {
                continue;
            }
            if (seen.putIfAbsent(name, true) == null) {
                unknown.add(value);
                log.warn("unknown setting ignored: {}", value.origin());
            }
        }
        return unknown;
    }

    private boolean isPasteSection(String section) {
        String lower = section.toLowerCase(Locale.ROOT);
        if (byName.keySet().stream().anyMatch(name -> name.section().equals(lower))) {
            return false;
        }
        return PASTE_SECTION_PREFIXES.stream().anyMatch(lower::startsWith);
    }
}
