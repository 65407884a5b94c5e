package org.weft.dataplane.ovsdb;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A transaction the server did not commit (RFC 7047 §4.1.3): one operation failed, or all succeeded
 * and the commit failed (a constraint violation, a referential integrity violation). Carries the
 * server's {@code error} and {@code details}, and which operation it was.
 */
public final class TransactionFailedException extends OvsdbException {
    private final String error;
    private final String details;
    private final Optional<Operation> failedOperation;

    private TransactionFailedException(
            String message, String error, String details, Optional<Operation> failedOperation) {
        super(message);
        this.error = error;
        this.details = details;
        this.failedOperation = failedOperation;
    }

    static TransactionFailedException atOperation(
            List<Operation> operations, int index, String error, String details) {
        Operation failed = operations.get(index);
        return new TransactionFailedException(
                "transaction failed at operation "
                        + (index + 1)
                        + " of "
                        + operations.size()
                        + " ("
                        + failed.describe()
                        + "): "
                        + error
                        + (details.isEmpty() ? "" : ": " + details),
                error,
                details,
                Optional.of(failed));
    }

    static TransactionFailedException atCommit(
            List<Operation> operations, String error, String details) {
        String described =
                operations.stream().map(Operation::describe).collect(Collectors.joining("; "));
        return new TransactionFailedException(
                "transaction of "
                        + operations.size()
                        + " operations failed at commit: "
                        + error
                        + (details.isEmpty() ? "" : ": " + details)
                        + " (operations: "
                        + abbreviate(described)
                        + ")",
                error,
                details,
                Optional.empty());
    }

    private static String abbreviate(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }

    /** The server's error name: {@code constraint violation}, {@code timed out}, … */
    public String error() {
        return error;
    }

    /** The server's explanation, in its words. */
    public String details() {
        return details;
    }

    /** The operation that failed; empty when the commit failed after all of them succeeded. */
    public Optional<Operation> failedOperation() {
        return failedOperation;
    }
}
