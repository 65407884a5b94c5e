package org.weft.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real OpenStack client of the machine ({@code /usr/bin/openstack}, Debian's
 * python3-openstackclient) pointed at one endpoint without Keystone: {@code --os-auth-type none
 * --os-endpoint URL}. Settings of the environment that could point it elsewhere are removed.
 */
public final class OpenstackCli {
    public static final Path OPENSTACK = Path.of("/usr/bin/openstack");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;

    public OpenstackCli(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** What one command printed and how it ended. */
    public record Result(List<String> command, int exitStatus, String out, String err) {
        public boolean succeeded() {
            return exitStatus == 0;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exitStatus + "\n" + out + err;
        }
    }

    public Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(OPENSTACK.toString());
        command.addAll(List.of("--os-auth-type", "none", "--os-endpoint", endpoint.toString()));
        command.addAll(List.of(args));
        return execute(command, Map.of(), Duration.ofMinutes(3));
    }

    /**
     * Runs any command with a clean OpenStack environment plus {@code env}, killing it after {@code
     * timeout}.
     */
    public static Result execute(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            Path out = Files.createTempFile("openstack-out-", ".txt");
            Path err = Files.createTempFile("openstack-err-", ".txt");
            try {
                ProcessBuilder builder =
                        new ProcessBuilder(command)
                                .redirectOutput(out.toFile())
                                .redirectError(err.toFile());
                builder.environment().keySet().removeIf(name -> name.startsWith("OS_"));
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    throw new IllegalStateException("timed out: " + String.join(" ", command));
                }
                return new Result(
                        command,
                        process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    /** Runs the command with {@code -f json}; it must succeed; its output parsed. */
    public JsonNode json(String... args) {
        String[] withFormat = new String[args.length + 2];
        System.arraycopy(args, 0, withFormat, 0, args.length);
        withFormat[args.length] = "-f";
        withFormat[args.length + 1] = "json";
        Result result = ok(withFormat);
        try {
            return JSON.readTree(result.out());
        } catch (IOException e) {
            throw new AssertionError("not JSON from " + result, e);
        }
    }

    /** Runs the command; it must succeed. */
    public Result ok(String... args) {
        Result result = run(args);
        if (!result.succeeded()) {
            throw new AssertionError("openstack command failed: " + result);
        }
        return result;
    }
}
