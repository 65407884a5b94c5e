package org.weft.testsupport.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.weft.bench.HttpResponse;

class GoldenComparisonTest {
    private static final String NET = "7069d319-7ed9-4ebd-b812-880b9d6e505f";
    private static final String SUB = "bc65aeb6-a5c4-4a33-bc60-b81e2f6cb70e";
    private static final String OURS = "11111111-2222-4333-8444-555555555555";
    private static final String OTHER = "99999999-2222-4333-8444-555555555555";

    private final ComparisonRules rules = new ComparisonRules();
    private final ValueMapping mapping = new ValueMapping();
    private final GoldenComparison comparison =
            new GoldenComparison(rules, mapping, URI.create("http://127.0.0.1:19650"));

    @Test
    void anIdenticalAnswerMatches() {
        String body = "{\"network\": {\"id\": \"" + NET + "\", \"name\": \"net1\"}}";

        assertThat(compare(golden(201, "Created", body), answer(201, "Created", body))).isEmpty();
    }

    @Test
    void idsTimestampsAndRequestIdsMayDifferInValue() {
        String golden =
                "{\"network\": {\"id\": \""
                        + NET
                        + "\", \"created_at\": \"2026-12-04T13:58:17Z\"}}";
        String actual =
                "{\"network\": {\"id\": \""
                        + OURS
                        + "\", \"created_at\": \"2027-01-01T00:00:00Z\"}}";

        assertThat(compare(golden(200, "OK", golden), answer(200, "OK", actual))).isEmpty();
    }

    @Test
    void anIdMustStandForTheSameObjectThroughoutTheReplay() {
        compare(
                golden(201, "Created", "{\"id\": \"" + NET + "\"}"),
                answer(201, "Created", "{\"id\": \"" + OURS + "\"}"));

        List<Difference> later =
                compare(
                        golden(200, "OK", "{\"network_id\": \"" + NET + "\"}"),
                        answer(200, "OK", "{\"network_id\": \"" + OTHER + "\"}"));

        assertThat(later)
                .singleElement()
                .satisfies(d -> assertThat(d.what()).contains("inconsistent"));
    }

    @Test
    void twoGoldenIdsCannotBecomeOne() {
        String golden = "{\"a\": \"" + NET + "\", \"b\": \"" + SUB + "\"}";
        String actual = "{\"a\": \"" + OURS + "\", \"b\": \"" + OURS + "\"}";

        assertThat(compare(golden(200, "OK", golden), answer(200, "OK", actual)))
                .extracting(Difference::where)
                .containsExactly("b");
    }

    @Test
    void missingAndUnexpectedMembersAreDifferences() {
        String golden = "{\"port\": {\"name\": \"p\", \"extra_dhcp_opts\": []}}";
        String actual = "{\"port\": {\"name\": \"p\", \"bogus\": 1}}";

        assertThat(compare(golden(200, "OK", golden), answer(200, "OK", actual)))
                .extracting(Difference::where, Difference::what)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                "port.extra_dhcp_opts", "missing member"),
                        org.assertj.core.groups.Tuple.tuple("port.bogus", "unexpected member"));
    }

    @Test
    void aDifferentDefaultIsADifference() {
        List<Difference> differences =
                compare(
                        golden(
                                201,
                                "Created",
                                "{\"network\": {\"admin_state_up\": true, \"mtu\": 1450}}"),
                        answer(
                                201,
                                "Created",
                                "{\"network\": {\"admin_state_up\": false, \"mtu\": 1500}}"));

        assertThat(differences)
                .extracting(Difference::where)
                .containsExactly("network.admin_state_up", "network.mtu");
    }

    @Test
    void aValueOfAnotherTypeIsADifference() {
        assertThat(
                        compare(
                                golden(200, "OK", "{\"port_range_min\": 80}"),
                                answer(200, "OK", "{\"port_range_min\": \"80\"}")))
                .singleElement()
                .satisfies(d -> assertThat(d.what()).isEqualTo("expected number, got string"));
    }

    @Test
    void theNeutronErrorTypeMustMatch() {
        String golden = error("InvalidInput", "Invalid input for operation: x.");
        String actual = error("HTTPBadRequest", "Invalid input for operation: x.");

        assertThat(compare(golden(400, "Bad Request", golden), answer(400, "Bad Request", actual)))
                .extracting(Difference::where)
                .containsExactly("NeutronError.type");
    }

    @Test
    void theStatusLineMustMatchReasonPhraseIncluded() {
        assertThat(compare(golden(201, "Created", "{}"), answer(200, "OK", "{}")))
                .extracting(Difference::where)
                .containsExactly("status line");
        assertThat(compare(golden(404, "Not Found", "{}"), answer(404, "Not found", "{}")))
                .extracting(Difference::where)
                .containsExactly("status line");
    }

    @Test
    void headersClientsReadMustMatch() {
        GoldenExchange golden = golden(200, "OK", "{}");
        HttpResponse noRequestId =
                new HttpResponse(
                        "HTTP/1.1",
                        200,
                        "OK",
                        List.of(
                                Map.entry("Content-Type", "application/json; charset=utf-8"),
                                Map.entry("Content-Length", "2")),
                        "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(comparison.compare(golden, noRequestId).differences())
                .extracting(Difference::where)
                .containsExactlyInAnyOrder("header Content-Type", "header X-Openstack-Request-Id");
    }

    @Test
    void resourcesMayComeInAnyOrderButOtherArraysMayNot() {
        String goldenPorts =
                "{\"ports\": [{\"id\": \""
                        + NET
                        + "\", \"name\": \"a\"}, {\"id\": \""
                        + SUB
                        + "\", \"name\": \"b\"}]}";
        String actualPorts =
                "{\"ports\": [{\"id\": \""
                        + OTHER
                        + "\", \"name\": \"b\"}, {\"id\": \""
                        + OURS
                        + "\", \"name\": \"a\"}]}";
        assertThat(compare(golden(200, "OK", goldenPorts), answer(200, "OK", actualPorts)))
                .isEmpty();
        assertThat(mapping.actualFor(NET)).hasValue(OURS);

        String goldenPools =
                "{\"allocation_pools\": [{\"start\": \"10.0.0.2\"}, {\"start\": \"10.0.0.9\"}]}";
        String actualPools =
                "{\"allocation_pools\": [{\"start\": \"10.0.0.9\"}, {\"start\": \"10.0.0.2\"}]}";
        assertThat(compare(golden(200, "OK", goldenPools), answer(200, "OK", actualPools)))
                .hasSize(2);
    }

    @Test
    void aMissingResourceInAListIsADifference() {
        String golden = "{\"ports\": [{\"id\": \"" + NET + "\"}, {\"id\": \"" + SUB + "\"}]}";
        String actual = "{\"ports\": [{\"id\": \"" + OURS + "\"}]}";

        assertThat(compare(golden(200, "OK", golden), answer(200, "OK", actual)))
                .extracting(Difference::what)
                .containsExactly("missing element");
    }

    @Test
    void aTimestampNeedsItsFormat() {
        assertThat(
                        compare(
                                golden(200, "OK", "{\"created_at\": \"2026-12-04T13:58:17Z\"}"),
                                answer(
                                        200,
                                        "OK",
                                        "{\"created_at\": \"2026-12-04T13:58:17.123456\"}")))
                .hasSize(1);
    }

    @Test
    void aMacNeedsTheBaseMacPrefix() {
        assertThat(
                        compare(
                                golden(200, "OK", "{\"mac_address\": \"fa:16:3e:7a:e8:b1\"}"),
                                answer(200, "OK", "{\"mac_address\": \"fa:16:3e:00:00:01\"}")))
                .isEmpty();
        assertThat(
                        compare(
                                golden(200, "OK", "{\"mac_address\": \"fa:16:3e:38:d9:2d\"}"),
                                answer(200, "OK", "{\"mac_address\": \"02:00:00:00:00:01\"}")))
                .hasSize(1);
    }

    @Test
    void aRandomAddressMustStayInItsCidrAndCorrespond() {
        rules.randomAddress("10.0.0.29", "10.0.0.0/24", "random in the reference");
        String golden = "{\"ip_address\": \"10.0.0.29\"}";

        assertThat(
                        compare(
                                golden(200, "OK", golden),
                                answer(200, "OK", "{\"ip_address\": \"10.0.0.2\"}")))
                .isEmpty();
        assertThat(
                        compare(
                                golden(200, "OK", golden),
                                answer(200, "OK", "{\"ip_address\": \"10.0.0.3\"}")))
                .hasSize(1);
        assertThat(
                        compare(
                                golden(200, "OK", "{\"ip_address\": \"10.0.0.50\"}"),
                                answer(200, "OK", "{\"ip_address\": \"10.0.0.51\"}")))
                .hasSize(1);
        assertThat(ComparisonRules.inCidr("10.0.1.2", "10.0.0.0/24")).isFalse();
    }

    @Test
    void aVolatileMemberNeedsOnlyItsShape() {
        rules.volatileMember(
                "provider:segmentation_id", "an integer", JsonNode::isIntegralNumber, "random VNI");
        String golden = "{\"provider:segmentation_id\": 432}";

        assertThat(
                        compare(
                                golden(200, "OK", golden),
                                answer(200, "OK", "{\"provider:segmentation_id\": 1}")))
                .isEmpty();
        assertThat(
                        compare(
                                golden(200, "OK", golden),
                                answer(200, "OK", "{\"provider:segmentation_id\": null}")))
                .hasSize(1);
        assertThat(
                        compare(
                                golden(200, "OK", "{\"provider:segmentation_id\": null}"),
                                answer(200, "OK", "{\"provider:segmentation_id\": 7}")))
                .hasSize(1);
    }

    @Test
    void anAllowedDifferenceCoversOnlyItsFileAndPath() {
        rules.allow("99-test.txt", "port.binding:vif_type", "no agent in this test");
        String golden =
                "{\"port\": {\"binding:vif_type\": \"binding_failed\", \"status\": \"DOWN\"}}";
        String actual = "{\"port\": {\"binding:vif_type\": \"unbound\", \"status\": \"ACTIVE\"}}";

        GoldenComparison.Outcome outcome =
                comparison.compare(golden(200, "OK", golden), answer(200, "OK", actual));

        assertThat(outcome.differences())
                .extracting(Difference::where)
                .containsExactly("port.status");
        assertThat(outcome.accepted())
                .extracting(GoldenComparison.Accepted::reason)
                .containsExactly("no agent in this test");
    }

    @Test
    void linksAreReadAgainstThisServersBase() {
        String golden =
                "{\"links\": [{\"href\": \"http://127.0.0.1:9696/v2.0/networks?marker="
                        + NET
                        + "\"}]}";
        String same =
                "{\"links\": [{\"href\": \"http://127.0.0.1:19650/v2.0/networks?marker="
                        + OURS
                        + "\"}]}";
        String wrongPort =
                "{\"links\": [{\"href\": \"http://127.0.0.1:9696/v2.0/networks?marker="
                        + OURS
                        + "\"}]}";

        assertThat(compare(golden(200, "OK", golden), answer(200, "OK", same))).isEmpty();
        assertThat(compare(golden(200, "OK", golden), answer(200, "OK", wrongPort))).hasSize(1);
    }

    @Test
    void idsInsideMessagesMustCorrespondInAnyOrder() {
        compare(
                golden(200, "OK", "{\"a\": \"" + NET + "\", \"b\": \"" + SUB + "\"}"),
                answer(200, "OK", "{\"a\": \"" + OURS + "\", \"b\": \"" + OTHER + "\"}"));
        String golden = error("NetworkInUse", "ports: " + NET + "," + SUB + ".");

        assertThat(
                        compare(
                                golden(409, "Conflict", golden),
                                answer(
                                        409,
                                        "Conflict",
                                        error(
                                                "NetworkInUse",
                                                "ports: " + OTHER + "," + OURS + "."))))
                .isEmpty();
        assertThat(
                        compare(
                                golden(409, "Conflict", golden),
                                answer(
                                        409,
                                        "Conflict",
                                        error(
                                                "NetworkInUse",
                                                "ports: " + OURS + ";" + OTHER + "."))))
                .hasSize(1);
    }

    @Test
    void aSubsetArrayAcceptsMissingElementsButNotForeignOnes() {
        rules.subsetArray("99-test.txt", "extensions", "alias", "lists what it implements");
        String golden =
                "{\"extensions\": [{\"alias\": \"router\", \"name\": \"R\"}, {\"alias\": \"qos\","
                        + " \"name\": \"Q\"}]}";
        String actual =
                "{\"extensions\": [{\"alias\": \"router\", \"name\": \"R\"}, {\"alias\": \"mine\","
                        + " \"name\": \"M\"}]}";

        GoldenComparison.Outcome outcome =
                comparison.compare(golden(200, "OK", golden), answer(200, "OK", actual));

        assertThat(outcome.differences())
                .extracting(Difference::where)
                .containsExactly("extensions[alias=mine]");
        assertThat(outcome.accepted())
                .extracting(a -> a.difference().where())
                .containsExactly("extensions[alias=qos]");
    }

    @Test
    void anEmptyGoldenBodyWantsAnEmptyAnswer() {
        assertThat(compare(golden(204, "No Content", ""), answer(204, "No Content", ""))).isEmpty();
        assertThat(compare(golden(404, "Not Found", "{}"), answer(404, "Not Found", "not json")))
                .extracting(Difference::what)
                .containsExactly("body is not JSON");
    }

    private List<Difference> compare(GoldenExchange golden, HttpResponse actual) {
        return comparison.compare(golden, actual).differences();
    }

    private static String error(String type, String message) {
        return "{\"NeutronError\": {\"type\": \""
                + type
                + "\", \"message\": \""
                + message
                + "\", \"detail\": \"\"}}";
    }

    static GoldenExchange golden(int status, String reason, String body) {
        String text =
                "### REQUEST\nGET /v2.0/test HTTP/1.1\nAccept: application/json\n\n"
                        + "\n### RESPONSE\nHTTP/1.1 "
                        + status
                        + " "
                        + reason
                        + "\n"
                        + "Content-Type: application/json\nContent-Length: 12\n"
                        + "X-Openstack-Request-Id: req-b44769f1-4425-4b2e-a113-2a4fdda4223b\n"
                        + "Date: Fri, 04 Dec 2026 13:58:18 GMT\n\n"
                        + body
                        + "\n";
        return GoldenExchange.parse("99-test.txt", text);
    }

    static HttpResponse answer(int status, String reason, String body) {
        return new HttpResponse(
                "HTTP/1.1",
                status,
                reason,
                List.of(
                        Map.entry("Content-Type", "application/json"),
                        Map.entry(
                                "X-Openstack-Request-Id",
                                "req-0b9ff5b4-2a4e-4e0c-9a43-3c0f2d81c0a1")),
                body.getBytes(StandardCharsets.UTF_8));
    }
}
