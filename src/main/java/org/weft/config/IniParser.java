package org.weft.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads INI files the way oslo.config does: {@code [section]} headers, {@code key = value} or
 * {@code key: value}, whole-line comments starting with {@code #} or {@code ;}, indented lines
 * continuing the previous value, repeated keys kept in order. Keys before any section belong to
 * {@code DEFAULT}, as in the install guide's snippets that start with {@code rabbit_host = …}.
 * Unlike Python's configparser, oslo does not strip comments after a value, so neither do we.
 */
final class IniParser {
    private IniParser() {}

    static List<ConfigValue> parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e, e);
        }
        return parse(file, lines);
    }

    static List<ConfigValue> parse(Path file, List<String> lines) {
        List<ConfigValue> values = new ArrayList<>();
        String section = Config.DEFAULT_SECTION;
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }

            boolean continuation = Character.isWhitespace(raw.charAt(0)) && !values.isEmpty();
            if (continuation && values.get(values.size() - 1).file().equals(file)) {
                ConfigValue last = values.remove(values.size() - 1);
                values.add(
                        new ConfigValue(
                                last.value() + "\n" + line,
                                file,
                                last.line(),
                                last.section(),
                                last.key()));
                continue;
            }

            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw new ConfigException(
                            file + ":" + (i + 1) + ": invalid section header '" + line + "'");
                }
                section = line.substring(1, line.length() - 1).strip();
                continue;
            }

            int separator = separatorIndex(line);
            if (separator <= 0) {
                throw new ConfigException(
                        file
                                + ":"
                                + (i + 1)
                                + ": expected 'key = value' in ["
                                + section
                                + "], found '"
                                + line
                                + "'");
            }
            String key = line.substring(0, separator).strip();
            String value = line.substring(separator + 1).strip();
            values.add(new ConfigValue(unquote(value), file, i + 1, section, key));
        }
        return values;
    }

    private static int separatorIndex(String line) {
        int equals = line.indexOf('=');
        int colon = line.indexOf(':');
        if (equals < 0) {
            return colon;
        }
        if (colon < 0) {
            return equals;
        }
        return Math.min(equals, colon);
    }

    private static String unquote(String value) {
        if (value.length() >= 2) {
            char first = value.charAt(0);
            char last = value.charAt(value.length() - 1);
            if ((first == '"' || first == '\'') && first == last) {
                return value.substring(1, value.length() - 1);
            }
        }
        return value;
    }
}
