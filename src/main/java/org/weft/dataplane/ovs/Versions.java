package org.weft.dataplane.ovs;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.weft.dataplane.linux.Command;

/** The versions of the installed Open vSwitch and of its database schema. */
final class Versions {
    private static final Pattern VERSION = Pattern.compile("\\) (\\S+)");

    private Versions() {}

    /** The version {@code ovs-vswitchd --version} reports, such as {@code 3.1.0}. */
    static String installed() {
        String output = Command.of("ovs-vswitchd", "--version").run();
        Matcher matcher = VERSION.matcher(output);
        if (!matcher.find()) {
            throw new SwitchFailedException("cannot read a version in: " + output.strip());
        }
        return matcher.group(1);
    }

    static String schema(Path schema) {
        return Command.of("ovsdb-tool", "schema-version", schema.toString()).run().strip();
    }
}
