package org.weft.lab.internal;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How the lab runs {@code weft} in a child process: the Java and class path this process runs with,
 * so that a lab started from a build, a test or the launcher runs the same code on every host.
 * {@code WEFT_LAB_JAVA_OPTS} replaces the JVM options the lab's processes get.
 */
public final class WeftLauncher {
    /**
     * Small-heap options: a lab runs one JVM per process per host, several dozen with twenty
     * compute nodes.
     */
    private static final List<String> DEFAULT_JAVA_OPTIONS =
            List.of("-XX:+UseSerialGC", "-Xss512k", "-XX:MaxRAMPercentage=10");

    private WeftLauncher() {}

    /** The command line that runs {@code weft arguments…}. */
    public static List<String> command(List<String> arguments) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(javaOptions());
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add("org.weft.cli.Main");
        argv.addAll(arguments);
        return argv;
    }

    private static List<String> javaOptions() {
        return Optional.ofNullable(System.getenv("WEFT_LAB_JAVA_OPTS"))
                .map(
                        options ->
                                Arrays.stream(options.trim().split("\\s+"))
                                        .filter(o -> !o.isEmpty())
                                        .toList())
                .orElse(DEFAULT_JAVA_OPTIONS);
    }

    /**
     * The install guide's files, {@code etc/guide/} of the Weft tree this code was built from
     * ({@code WEFT_HOME} when set).
     */
    public static Path guideDirectory() {
        Path home =
                Optional.ofNullable(System.getenv("WEFT_HOME"))
                        .map(Path::of)
                        .orElseGet(WeftLauncher::treeOfThisCode);
        Path guide = home.resolve("etc").resolve("guide");
        if (!Files.isDirectory(guide)) {
            throw new IllegalStateException(
                    "no guide files in " + guide + "; set WEFT_HOME to Weft's source tree");
        }
        return guide;
    }

    // target/classes or target/weft.jar: the tree is two levels up.
    private static Path treeOfThisCode() {
        try {
            Path code =
                    Path.of(
                            WeftLauncher.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            return code.toAbsolutePath().getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where Weft's code is: " + e, e);
        }
    }
}
