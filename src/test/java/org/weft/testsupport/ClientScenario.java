package org.weft.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.weft.bench.WeftServerProcess;
import org.weft.testsupport.golden.ComparisonRules;
import org.weft.testsupport.golden.Difference;
import org.weft.testsupport.golden.GoldenClientComparison;

/**
 * The golden scenario played with the real {@code openstack} client against a fresh {@code weft
 * server}: commands, their {@code -f json} output, and its comparison with the golden answers.
 * Commands are written as typed after {@code openstack}: words split at spaces, {@code 'quoted
 * words'} kept as one.
 */
public final class ClientScenario implements AutoCloseable {
    private static final Pattern WORD = Pattern.compile("'([^']*)'|(\\S+)");

    private final Optional<WeftServerProcess> server;
    private final OpenstackCli cli;
    private final GoldenClientComparison golden;

    private ClientScenario(
            Optional<WeftServerProcess> server, URI base, GoldenClientComparison golden) {
        this.server = server;
        this.cli = new OpenstackCli(base);
        this.golden = golden;
    }

    /**
     * A scenario on a fresh Weft server, or on the server {@code -Dweft.test.base=URL} names (a
     * freshly started reference, say, to check the test's own expectations).
     */
    public static ClientScenario start(String name, ComparisonRules rules) throws IOException {
        GoldenClientComparison golden = new GoldenClientComparison(ReferenceFolder.golden(), rules);
        Optional<URI> external = WeftServers.externalBase();
        if (external.isPresent()) {
            return new ClientScenario(Optional.empty(), external.get(), golden);
        }
        WeftServerProcess server = WeftServers.startLikeTheReference(name);
        return new ClientScenario(Optional.of(server), server.base(), golden);
    }

    /** The command with {@code -f json}; it must succeed. */
    public JsonNode json(String command) {
        return cli.json(words(command));
    }

    /** The command; it must succeed. */
    public OpenstackCli.Result ok(String command) {
        return cli.ok(words(command));
    }

    /** The command must fail, saying {@code expected} on standard error. */
    public void fails(String expected, String command) {
        OpenstackCli.Result result = cli.run(words(command));
        assertThat(result.succeeded()).as("expected to fail: %s", result).isFalse();
        assertThat(result.err()).as("error output of %s", command).contains(expected);
    }

    /**
     * The printed resource must read as {@code file}'s {@code key} resource (a member name or a
     * JSON pointer), apart from {@code notCompared} members, which the command itself chose.
     */
    public void assertReadsAsGolden(
            JsonNode printed, String file, String key, String... notCompared) {
        List<Difference> differences = golden.differences(file, key, printed, Set.of(notCompared));
        assertThat(differences)
                .withFailMessage(
                        () ->
                                "the client's output differs from "
                                        + file
                                        + ":\n"
                                        + differences.stream()
                                                .map(d -> "  " + d)
                                                .collect(Collectors.joining("\n"))
                                        + "\nprinted: "
                                        + printed.toPrettyString())
                .isEmpty();
    }

    /** A golden error message in this run's ids. */
    public String goldenError(String file) {
        return golden.errorMessage(file);
    }

    static String[] words(String command) {
        List<String> words = new ArrayList<>();
        Matcher word = WORD.matcher(command);
        while (word.find()) {
            words.add(word.group(1) != null ? word.group(1) : word.group(2));
        }
        return words.toArray(String[]::new);
    }

    @Override
    public void close() {
        server.ifPresent(WeftServerProcess::close);
    }
}
