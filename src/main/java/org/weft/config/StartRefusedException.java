package org.weft.config;

/**
 * A process that must not start on this host as configured; the message says what is missing and
 * what to do, like the install guide's "Cannot have tunneling enabled on this agent".
 */
public class StartRefusedException extends RuntimeException {
    public StartRefusedException(String message) {
        super(message);
    }
}
