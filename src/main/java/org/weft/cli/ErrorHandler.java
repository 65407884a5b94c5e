package org.weft.cli;

import org.weft.config.ConfigException;
import org.weft.config.StartRefusedException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the failures an operator can fix (a bad setting, a refused start) into one clear line and
 * exit status 2; anything else is a bug and keeps its stack trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
            Exception exception, CommandLine commandLine, ParseResult parseResult) {
        if (exception instanceof ConfigException || exception instanceof StartRefusedException) {
            commandLine.getErr().println("weft: " + exception.getMessage());
            return 2;
        }
        throw new RuntimeException(exception);
    }
}
