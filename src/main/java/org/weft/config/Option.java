package org.weft.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A setting Weft reads: its section and key, the older names it is also known by (the Grizzly era's
 * {@code [OVS]}, {@code [DATABASE] sql_connection}, …), how its text becomes a value, and what it
 * is when not set. Options are declared as constants beside the code that uses them and collected
 * in {@link KnownOptions}, so that a key no part of Weft knows can be warned about.
 *
 * @param <T> the type of the value
 */
public final class Option<T> {
    private final String section;
    private final String key;
    private final List<Name> aliases;
    private final Function<String, T> parser;
    private final String expected;
    private final T defaultValue;
    private final boolean secret;
    private final String unusedBecause;

    private Option(Builder<T> builder) {
        this.section = builder.section;
        this.key = builder.key;
        this.aliases = List.copyOf(builder.aliases);
        this.parser = builder.parser;
        this.expected = builder.expected;
        this.defaultValue = builder.defaultValue;
        this.secret = builder.secret;
        this.unusedBecause = builder.unusedBecause;
    }

    /** A section and key as written in a file; sections compare without regard to case. */
    public record Name(String section, String key) {
        public Name {
            section = section.toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return "[" + section + "] " + key;
        }
    }

    public String section() {
        return section;
    }

    public String key() {
        return key;
    }

    /** The current name first, then the older ones, in the order they are looked up. */
    public List<Name> names() {
        List<Name> names = new ArrayList<>();
        names.add(new Name(section, key));
        names.addAll(aliases);
        return names;
    }

    public String expected() {
        return expected;
    }

    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** Whether the value must never be logged (passwords, shared secrets, URLs with them). */
    public boolean secret() {
        return secret;
    }

    /**
     * Why Weft accepts this setting without needing it, or empty when Weft uses it. Such settings
     * are reported once at INFO, so an operator knows they have no effect.
     */
    public Optional<String> unusedBecause() {
        return Optional.ofNullable(unusedBecause);
    }

    T parse(ConfigValue value) {
        try {
            return parser.apply(value.value());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    value.origin()
                            + ": invalid value '"
                            + (secret ? "***" : value.value())
                            + "', expected "
                            + expected
                            + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }

    @Override
    public String toString() {
        return new Name(section, key).toString();
    }

    public static Builder<String> string(String section, String key) {
        return new Builder<>(section, key, Function.identity(), "a string");
    }

    public static Builder<Integer> integer(String section, String key, int min, int max) {
        return new Builder<>(
                section,
                key,
                text -> {
                    int value;
                    try {
                        value = Integer.parseInt(text.strip());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("not an integer");
                    }
                    if (value < min || value > max) {
                        throw new IllegalArgumentException("out of range");
                    }
                    return value;
                },
                "an integer from " + min + " to " + max);
    }

    public static Builder<Boolean> bool(String section, String key) {
        return new Builder<>(section, key, Option::parseBoolean, "true or false");
    }

    /** A comma-separated list, as oslo's ListOpt; blank items are dropped. */
    public static Builder<List<String>> list(String section, String key) {
        return new Builder<>(
                section,
                key,
                text ->
                        Arrays.stream(text.split(","))
                                .map(String::strip)
                                .filter(item -> !item.isEmpty())
                                .toList(),
                "a comma-separated list");
    }

    /**
     * One of a fixed set of values. {@code aliases} maps other spellings to them, such as the
     * Python class paths of the guide's era ({@code quantum.agent.linux.dhcp.Dnsmasq} for {@code
     * dnsmasq}); matching ignores case.
     */
    public static Builder<String> choice(
            String section, String key, List<String> choices, Map<String, String> aliases) {
        return new Builder<>(
                section,
                key,
                text -> {
                    String wanted = text.strip();
                    for (String choice : choices) {
                        if (choice.equalsIgnoreCase(wanted)) {
                            return choice;
                        }
                    }
                    for (Map.Entry<String, String> alias : aliases.entrySet()) {
                        if (alias.getKey().equalsIgnoreCase(wanted)) {
                            return alias.getValue();
                        }
                    }
                    throw new IllegalArgumentException((String) null);
                },
                "one of " + String.join(", ", choices));
    }

    static boolean parseBoolean(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException((String) null);
        };
    }

    /** Builds an {@link Option}; see the static factories of {@code Option}. */
    public static final class Builder<T> {
        private final String section;
        private final String key;
        private final List<Name> aliases = new ArrayList<>();
        private Function<String, T> parser;
        private String expected;
        private T defaultValue;
        private boolean secret;
        private String unusedBecause;

        private Builder(String section, String key, Function<String, T> parser, String expected) {
            this.section = Objects.requireNonNull(section);
            this.key = Objects.requireNonNull(key);
            this.parser = parser;
            this.expected = expected;
        }

        /** An older name of the same setting, in another section or under another key. */
        public Builder<T> alias(String section, String key) {
            aliases.add(new Name(section, key));
            return this;
        }

        public Builder<T> defaultValue(T value) {
            this.defaultValue = value;
            return this;
        }

        public Builder<T> secret() {
            this.secret = true;
            return this;
        }

        /** Marks the setting as accepted but without effect in Weft, and says why. */
        public Builder<T> unused(String because) {
            this.unusedBecause = because;
            return this;
        }

        /** Checks the parsed value further; {@code check} throws IllegalArgumentException. */
        public Builder<T> validate(java.util.function.Consumer<T> check, String expected) {
            Function<String, T> base = parser;
            this.parser =
                    text -> {
                        T value = base.apply(text);
                        check.accept(value);
                        return value;
                    };
            this.expected = expected;
            return this;
        }

        public Option<T> build() {
            return new Option<>(this);
        }
    }
}
