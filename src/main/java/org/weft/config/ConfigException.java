package org.weft.config;

/**
 * A configuration that cannot be used: a file that cannot be read, or a value that is not what its
 * option expects. The message names the file, section and key, so that the operator can go straight
 * to the line.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
