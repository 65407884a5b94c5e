package org.weft.dataplane.linux;

import java.util.List;

/** A command that exited with a failure status; carries what it printed on standard error. */
public final class CommandFailedException extends RuntimeException {
    private final List<String> command;
    private final int exitStatus;
    private final String stderr;

    public CommandFailedException(List<String> command, int exitStatus, String stderr) {
        super(
                "command failed with exit status "
                        + exitStatus
                        + ": "
                        + String.join(" ", command)
                        + (stderr.isBlank() ? "" : ": " + stderr.strip()));
        this.command = List.copyOf(command);
        this.exitStatus = exitStatus;
        this.stderr = stderr;
    }

    public List<String> command() {
        return command;
    }

    public int exitStatus() {
        return exitStatus;
    }

    public String stderr() {
        return stderr;
    }
}
