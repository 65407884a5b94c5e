package org.weft.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings of one Weft process, read from the files given with {@code --config-file} (in order,
 * later files winning) and then {@code --config-dir} ({@code *.conf} in name order), as oslo.config
 * reads them.
 */
public final class Config {
    static final String DEFAULT_SECTION = "DEFAULT";
    private static final Logger log = LoggerFactory.getLogger(Config.class);

    private final List<Path> files;
    private final List<ConfigValue> values;
    private final Set<Option.Name> reportedUnused = ConcurrentHashMap.newKeySet();

    private Config(List<Path> files, List<ConfigValue> values) {
        this.files = List.copyOf(files);
        this.values = List.copyOf(values);
    }

    /** Reads the given files, then every {@code *.conf} file of each directory. */
    public static Config load(List<Path> configFiles, List<Path> configDirs) {
        List<Path> files = new ArrayList<>(configFiles);
        for (Path dir : configDirs) {
            files.addAll(confFilesIn(dir));
        }
        List<ConfigValue> values = new ArrayList<>();
        for (Path file : files) {
            values.addAll(IniParser.parse(file));
        }
        return new Config(files, values);
    }

    /** A configuration with no file at all: every option at its default. */
    public static Config empty() {
        return new Config(List.of(), List.of());
    }

    /** A configuration from text, for tests and embedded defaults. */
    public static Config fromText(String name, String text) {
        Path file = Path.of(name);
        return new Config(List.of(file), IniParser.parse(file, text.lines().toList()));
    }

    /** This configuration with {@code overlay}'s values winning over its own. */
    public Config overlaidWith(Config overlay) {
        List<Path> allFiles = new ArrayList<>(files);
        allFiles.addAll(overlay.files);
        List<ConfigValue> all = new ArrayList<>(values);
        all.addAll(overlay.values);
        return new Config(allFiles, all);
    }

    public List<Path> files() {
        return files;
    }

    /** The value of {@code option}: the last one written under any of its names, or its default. */
    public <T> T get(Option<T> option) {
        return find(option)
                .or(option::defaultValue)
                .orElseThrow(
                        () ->
                                new ConfigException(
                                        option
                                                + " is required, expected "
                                                + option.expected()
                                                + "; set it in one of "
                                                + files));
    }

    /** The value of {@code option} if a file sets it; defaults do not count. */
    public <T> Optional<T> find(Option<T> option) {
        Optional<ConfigValue> written = lastWritten(option);
        written.ifPresent(value -> reportIfUnused(option, value));
        return written.map(option::parse);
    }

    /** Every value written for {@code option}, for settings that may repeat. */
    public <T> List<T> getAll(Option<T> option) {
        List<T> all = new ArrayList<>();
        for (ConfigValue value : values) {
            if (matches(option, value)) {
                all.add(option.parse(value));
            }
        }
        if (all.isEmpty()) {
            option.defaultValue().ifPresent(all::add);
        }
        return all;
    }

    /** Whether any of {@code option}'s names is written in a file. */
    public boolean isSet(Option<?> option) {
        return lastWritten(option).isPresent();
    }

    /** Every value as written, in file order, for checks over the whole configuration. */
    public List<ConfigValue> values() {
        return Collections.unmodifiableList(values);
    }

    /** The raw value written under {@code section} and {@code key}, if any. */
    public Optional<String> raw(String section, String key) {
        Option.Name name = new Option.Name(section, key);
        String found = null;
        for (ConfigValue value : values) {
            if (new Option.Name(value.section(), value.key()).equals(name)) {
                found = value.value();
            }
        }
        return Optional.ofNullable(found);
    }

    private Optional<ConfigValue> lastWritten(Option<?> option) {
        // The current name wins over older ones wherever it is written, as oslo's
        // deprecated_opts do; among values of one name the last file wins.
        for (Option.Name name : option.names()) {
            ConfigValue found = null;
            for (ConfigValue value : values) {
                if (new Option.Name(value.section(), value.key()).equals(name)) {
                    found = value;
                }
            }
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    private static boolean matches(Option<?> option, ConfigValue value) {
        return option.names().contains(new Option.Name(value.section(), value.key()));
    }

    private void reportIfUnused(Option<?> option, ConfigValue value) {
        option.unusedBecause()
                .filter(
                        because ->
                                reportedUnused.add(new Option.Name(value.section(), value.key())))
                .ifPresent(
                        because ->
                                log.info(
                                        "setting accepted and not needed: {} ({})",
                                        value.origin(),
                                        because));
    }

    private static List<Path> confFilesIn(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(path -> path.getFileName().toString().endsWith(".conf"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration directory " + dir + ": " + e, e);
        }
    }
}
