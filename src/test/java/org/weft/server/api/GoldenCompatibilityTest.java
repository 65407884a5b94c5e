package org.weft.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.weft.bench.WeftServerProcess;
import org.weft.testsupport.ReferenceFolder;
import org.weft.testsupport.WeftServers;
import org.weft.testsupport.golden.ComparisonRules;
import org.weft.testsupport.golden.GoldenExchange;
import org.weft.testsupport.golden.GoldenReplay;
import org.weft.testsupport.golden.GoldenReport;

/**
 * The reference Neutron's 76 golden requests, replayed in order against a fresh {@code weft
 * server}: each answer must read as the reference's did (status line, headers, members, defaults,
 * values, {@code NeutronError} types and messages), run-dependent values aside; see {@link
 * org.weft.testsupport.golden.GoldenComparison} for what that means. Every other accepted
 * difference is one rule below, with its reason. A report of the whole replay is written to {@code
 * target/golden-report.md}.
 */
class GoldenCompatibilityTest {
    static final ComparisonRules RULES =
            new ComparisonRules()
                    .volatileMember(
                            "provider:segmentation_id",
                            "an integer",
                            JsonNode::isIntegralNumber,
                            "the reference takes a free VNI of its vni_ranges 1:1000 at random")
                    .volatileMember(
                            "standard_attr_id",
                            "an integer",
                            JsonNode::isIntegralNumber,
                            "a row number of the reference's standard attributes table: it counts"
                                    + " every resource that database has held")
                    .randomAddress(
                            "10.0.0.29",
                            "10.0.0.0/24",
                            "port1 names no address: the reference takes one of the pool at random")
                    .randomAddress(
                            "172.24.4.124",
                            "172.24.4.0/24",
                            "the router's gateway address, taken at random from the external pool")
                    .randomAddress(
                            "172.24.4.128",
                            "172.24.4.0/24",
                            "the floating IP, taken at random from the external pool")
                    .subsetArray(
                            "02-v2-root.txt",
                            "resources",
                            "name",
                            "Weft lists the core resources it serves (it has no subnet pools);"
                                    + " each one it lists must read as the reference's")
                    .allow(
                            "03-extensions-list.txt",
                            "extensions[alias=standard-attr-tag].name",
                            "the name lists the resources that carry tags, and Weft's resources"
                                    + " are fewer (no subnet pools, QoS policies, trunks)")
                    .allow(
                            "15-ports-list.txt",
                            "ports[*].revision_number",
                            "Neutron binds a port with a binding:host_id in a second transaction"
                                    + " after answering its create, which counts as a revision;"
                                    + " Weft binds it in the create's own transaction")
                    .allow(
                            "48-err-unknown-path-404.txt",
                            "NeutronError",
                            "outside /v2.0 the reference answers with its WSGI framework's own"
                                    + " error body; Weft gives every error in Neutron's error"
                                    + " format, as clients parse it")
                    .allow(
                            "48-err-unknown-path-404.txt",
                            "code",
                            "the WSGI framework's error body, see NeutronError above")
                    .allow(
                            "48-err-unknown-path-404.txt",
                            "title",
                            "the WSGI framework's error body, see NeutronError above")
                    .allow(
                            "48-err-unknown-path-404.txt",
                            "description",
                            "the WSGI framework's error body, see NeutronError above")
                    .subsetArray(
                            "03-extensions-list.txt",
                            "extensions",
                            "alias",
                            "Weft lists only the extensions it implements, since clients decide"
                                    + " what to send from this list; each one it lists must read"
                                    + " as the reference's");

    private static WeftServerProcess server;
    private static GoldenReplay replay;
    private static final GoldenReport REPORT = new GoldenReport();

    /**
     * Starts a fresh Weft server; with {@code -Dweft.test.base=URL} the replay goes to that server
     * instead (a freshly started reference, say, to see the comparison find nothing).
     */
    @BeforeAll
    static void startServer() throws IOException {
        Optional<URI> external = WeftServers.externalBase();
        if (external.isPresent()) {
            replay = new GoldenReplay(external.get(), RULES);
            return;
        }
        server = WeftServers.startLikeTheReference("golden");
        replay = new GoldenReplay(server.base(), RULES);
    }

    @AfterAll
    static void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
        REPORT.write(Path.of("target", "golden-report.md"));
    }

    @TestFactory
    Stream<DynamicTest> eachGoldenAnswerReadsAsTheReferences() throws IOException {
        return GoldenExchange.readAll(ReferenceFolder.golden()).stream()
                .map(golden -> dynamicTest(golden.file(), () -> replayAndCompare(golden)));
    }

    private static void replayAndCompare(GoldenExchange golden) {
        GoldenReplay.Result result = replay.replay(golden);
        REPORT.add(result);
        assertThat(result.outcome().differences())
                .as(
                        "%s %s%nanswered %s%n%s",
                        golden.request().method(),
                        result.sentTarget(),
                        result.answer().statusLine(),
                        result.answer().bodyText())
                .withFailMessage(
                        () ->
                                golden.file()
                                        + " differs from the reference:\n"
                                        + result.outcome().differences().stream()
                                                .map(d -> "  " + d)
                                                .collect(Collectors.joining("\n"))
                                        + "\nWeft answered: "
                                        + result.answer().statusLine()
                                        + "\n"
                                        + result.answer().bodyText())
                .isEmpty();
    }
}
