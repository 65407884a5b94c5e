package org.weft.lab.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.weft.lab.GuideFile;
import org.weft.lab.LabHost;
import org.weft.lab.LabSpec;
import org.weft.lab.Roles;
import org.weft.lab.WeftProcess;

/**
 * A host's own files: its directories, the guide's configuration files as the guide places them
 * under {@code etc/}, and one overlay file per Weft process under {@code etc/weft/} with what the
 * lab changes.
 */
public final class HostFiles {
    private HostFiles() {}

    /** Creates the host's directories and writes its configuration files. */
    public static void write(LabHost host, LabSpec lab, Path guideDirectory) {
        for (Path dir :
                List.of(
                        host.configDirectory(),
                        host.stateDirectory(),
                        host.lockDirectory(),
                        host.logDirectory())) {
            createDirectories(dir);
        }
        for (GuideFile file : GuideFile.forRole(host.role())) {
            String text = read(guideDirectory.resolve(file.guideName()));
            writeFile(guidePath(host, file), file.forHost(text, host));
        }
        for (WeftProcess process : Roles.of(host.role())) {
            writeFile(overlayPath(host, process), overlay(process, host, lab));
        }
    }

    /** Where the host keeps its copy of a guide file. */
    public static Path guidePath(LabHost host, GuideFile file) {
        return host.configDirectory().resolve(file.hostPath());
    }

    /** The overlay file of {@code process} on {@code host}. */
    public static Path overlayPath(LabHost host, WeftProcess process) {
        return host.configDirectory().resolve("weft").resolve(process.name() + ".conf");
    }

    /** The {@code --config-file} arguments of {@code process}: guide files, then its overlay. */
    public static List<String> configArguments(LabHost host, WeftProcess process) {
        List<String> arguments = new ArrayList<>();
        for (GuideFile file : process.guideFiles()) {
            arguments.add("--config-file");
            arguments.add(guidePath(host, file).toString());
        }
        arguments.add("--config-file");
        arguments.add(overlayPath(host, process).toString());
        return arguments;
    }

    /**
     * Writes the overlay of {@code process} on {@code host} with {@code extra} over the lab's own
     * settings (a key in both takes {@code extra}'s value); the process may be one of another role.
     */
    public static void writeOverlay(
            LabHost host,
            WeftProcess process,
            LabSpec lab,
            Map<String, Map<String, String>> extra) {
        writeFile(overlayPath(host, process), overlay(process, host, lab, extra));
    }

    static String overlay(WeftProcess process, LabHost host, LabSpec lab) {
        return overlay(process, host, lab, Map.of());
    }

    private static String overlay(
            WeftProcess process,
            LabHost host,
            LabSpec lab,
            Map<String, Map<String, String>> extra) {
        Map<String, Map<String, String>> settings = new java.util.LinkedHashMap<>();
        process.overlay()
                .settings(host, lab)
                .forEach(
                        (section, keys) ->
                                settings.put(section, new java.util.LinkedHashMap<>(keys)));
        extra.forEach(
                (section, keys) ->
                        settings.computeIfAbsent(section, name -> new java.util.LinkedHashMap<>())
                                .putAll(keys));
        StringBuilder text = new StringBuilder();
        text.append("# Written by weft lab: what the lab changes from the guide's files for ")
                .append(process.name())
                .append(" on ")
                .append(host.name())
                .append(".\n");
        for (Map.Entry<String, Map<String, String>> section : settings.entrySet()) {
            text.append('\n').append('[').append(section.getKey()).append("]\n");
            section.getValue()
                    .forEach(
                            (key, value) ->
                                    text.append(key).append(" = ").append(value).append('\n'));
        }
        return text.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the guide's file " + file + ": " + e, e);
        }
    }

    private static void writeFile(Path file, String text) {
        createDirectories(file.getParent());
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e, e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e, e);
        }
    }
}
