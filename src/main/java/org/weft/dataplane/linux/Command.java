package org.weft.dataplane.linux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A short-lived command (ip, iptables-restore, ethtool, ovs-vsctl in tests) run to completion, with
 * its output captured. Long-lived daemons are {@link ChildProcess}es instead.
 */
public final class Command {
    private static final Logger log = LoggerFactory.getLogger(Command.class);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final List<String> argv;
    private byte[] input = new byte[0];
    private Duration timeout = DEFAULT_TIMEOUT;

    private Command(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        this.argv = List.copyOf(argv);
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv));
    }

    public static Command of(List<String> argv) {
        return new Command(argv);
    }

    /** The same command run in {@code placement} (a network namespace, a lab host). */
    public Command in(Placement placement) {
        return new Command(placement.wrap(argv)).withInput(input).withTimeout(timeout);
    }

    /** Text given to the command on standard input (an iptables-restore table, say). */
    public Command withInput(String text) {
        return withInput(text.getBytes(StandardCharsets.UTF_8));
    }

    private Command withInput(byte[] bytes) {
        Command copy = new Command(argv);
        copy.input = bytes;
        copy.timeout = timeout;
        return copy;
    }

    public Command withTimeout(Duration limit) {
        Command copy = new Command(argv);
        copy.input = input;
        copy.timeout = limit;
        return copy;
    }

    public List<String> argv() {
        return argv;
    }

    /** Runs the command and returns its standard output; a failure status throws. */
    public String run() {
        Result result = execute();
        if (result.exitStatus() != 0) {
            throw new CommandFailedException(argv, result.exitStatus(), result.stderr());
        }
        return result.stdout();
    }

    /** Runs the command and returns what happened, whatever its exit status. */
    public Result execute() {
        log.debug("running {}", argv);
        Process process;
        try {
            process = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv.get(0) + ": " + e, e);
        }

        // Both pipes are drained while the command runs: a command that fills one pipe
        // while we wait on the other would block for ever.
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        writeInput(process);

        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new CommandFailedException(argv, -1, "timed out after " + timeout);
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandFailedException(argv, -1, "interrupted");
        }
    }

    private void writeInput(Process process) {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input);
        } catch (IOException e) {
            // A command that exits before reading its input closes the pipe; its exit
            // status says what went wrong.
            log.debug("standard input of {} closed early: {}", argv.get(0), e.toString());
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (stream) {
                        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                        stream.transferTo(buffer);
                        return buffer.toString(StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        return "";
                    }
                },
                runnable -> Thread.ofVirtual().start(runnable));
    }

    /** The exit status and output of a finished command. */
    public record Result(int exitStatus, String stdout, String stderr) {
        public boolean succeeded() {
            return exitStatus == 0;
        }
    }
}
