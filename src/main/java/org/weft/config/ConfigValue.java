package org.weft.config;

import java.nio.file.Path;

/** One value as written in a configuration file, with where it was written. */
public record ConfigValue(String value, Path file, int line, String section, String key) {

    /** Where the value was written, as {@code file:line [section] key}. */
    public String origin() {
        return file + ":" + line + " [" + section + "] " + key;
    }
}
