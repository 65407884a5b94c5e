package org.weft.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.server.api.ApiTestServer.Client;
import org.weft.server.api.ApiTestServer.Reply;

/** Filters, fields, sorting and pages of lists, with the links the reference gives. */
class ListingTest {
    @TempDir static Path dataDir;
    static ApiTestServer server;
    static Client admin;
    static final List<String> NAMES = List.of("delta", "alpha", "echo", "charlie", "bravo");

    @BeforeAll
    static void start() {
        server = ApiTestServer.start(dataDir);
        admin = server.admin();
        for (String name : NAMES) {
            admin.create(
                    "networks",
                    "network",
                    "{\"name\": \""
                            + name
                            + "\", \"admin_state_up\": "
                            + !name.equals("echo")
                            + "}");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> names(Reply reply) {
        List<String> names = new ArrayList<>();
        reply.at("/networks").forEach(network -> names.add(network.path("name").asText()));
        return names;
    }

    @Test
    void repeatedFilterKeysMeanAnyOfTheirValues() {
        Reply reply = admin.get("/v2.0/networks?name=alpha&name=echo&sort_key=name&sort_dir=asc");

        assertThat(names(reply)).containsExactly("alpha", "echo");
    }

    @Test
    void booleanFiltersTakeNeutronsSpellings() {
        assertThat(names(admin.get("/v2.0/networks?admin_state_up=False"))).containsExactly("echo");
        assertThat(names(admin.get("/v2.0/networks?admin_state_up=0"))).containsExactly("echo");
    }

    @Test
    void emptyFilterValueMatchesEmptyAttributes() {
        assertThat(names(admin.get("/v2.0/networks?name="))).isEmpty();
        assertThat(admin.get("/v2.0/networks?description=&fields=id").at("/networks").size())
                .isEqualTo(5);
    }

    @Test
    void fieldsKeepOnlyTheNamedAttributes() {
        Reply reply = admin.get("/v2.0/networks?name=bravo&fields=id&fields=name");

        JsonNode network = reply.at("/networks/0");
        assertThat(NetworkApiTest.fieldNames(network)).containsExactly("id", "name");
        assertThat(admin.get("/v2.0/networks?name=bravo&fields=bogus").at("/networks/0").size())
                .isZero();
    }

    @Test
    void sortKeysOrderTheList() {
        assertThat(names(admin.get("/v2.0/networks?sort_key=name&sort_dir=asc")))
                .containsExactly("alpha", "bravo", "charlie", "delta", "echo");
        assertThat(
                        names(
                                admin.get(
                                        "/v2.0/networks?sort_key=admin_state_up&sort_dir=asc&sort_key=name&sort_dir=desc")))
                .containsExactly("echo", "delta", "charlie", "bravo", "alpha");
    }

    @Test
    void pagesFollowTheMarkerWithNextAndPreviousLinks() {
        String base = "/v2.0/networks?limit=2&sort_key=name&sort_dir=asc";
        Reply first = admin.get(base);
        String next = first.at("/networks_links/0/href").asText();
        Reply second = admin.get(next.substring(server.base().length()));
        Reply last =
                admin.get(
                        second.at("/networks_links/0/href")
                                .asText()
                                .substring(server.base().length()));
        Reply back =
                admin.get(
                        second.at("/networks_links/1/href")
                                .asText()
                                .substring(server.base().length()));

        assertThat(names(first)).containsExactly("alpha", "bravo");
        assertThat(first.at("/networks_links/0/rel").asText()).isEqualTo("next");
        assertThat(next)
                .isEqualTo(server.base() + base + "&marker=" + first.at("/networks/1/id").asText());
        assertThat(first.at("/networks_links/1/rel").asText()).isEqualTo("previous");
        assertThat(first.at("/networks_links/1/href").asText()).endsWith("&page_reverse=True");
        assertThat(names(second)).containsExactly("charlie", "delta");
        assertThat(names(last)).containsExactly("echo");
        assertThat(last.at("/networks_links").size()).isEqualTo(1);
        assertThat(last.at("/networks_links/0/rel").asText()).isEqualTo("previous");
        assertThat(names(back)).containsExactly("alpha", "bravo");
    }

    @Test
    void markerOfNothingIsNotFound() {
        Reply reply =
                admin.get("/v2.0/networks?limit=1&marker=00000000-0000-4000-8000-000000000000");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorType()).isEqualTo("NetworkNotFound");
    }

    @Test
    void badSortAndLimitParametersAreRefusedInTheReferenceWords() {
        assertThat(admin.get("/v2.0/networks?sort_key=name").errorMessage())
                .isEqualTo("The number of sort_keys and sort_dirs must be same");
        assertThat(admin.get("/v2.0/networks?sort_key=bogus&sort_dir=asc").errorMessage())
                .isEqualTo("['bogus'] is invalid attribute for sort_keys");
        assertThat(admin.get("/v2.0/networks?sort_key=name&sort_dir=up").errorMessage())
                .isEqualTo(
                        "['up'] is invalid value for sort_dirs, valid value is 'asc' and 'desc'");
        Reply limit = admin.get("/v2.0/networks?limit=-1");
        assertThat(limit.errorType()).isEqualTo("BadRequest");
        assertThat(limit.errorMessage())
                .isEqualTo(
                        "Bad limit request: Limit must be an integer 0 or greater and not '-1'.");
    }

    @Test
    void versionsAndExtensionsDescribeTheServer() {
        Reply root = admin.get("/");
        Reply v2 = admin.get("/v2.0");
        Reply extension = admin.get("/v2.0/extensions/pagination");

        assertThat(root.at("/versions/0/links/0/href").asText())
                .isEqualTo(server.base() + "/v2.0/");
        assertThat(v2.at("/resources").toString())
                .contains("\"collection\":\"ports\"")
                .doesNotContain("quotas");
        assertThat(extension.at("/extension/alias").asText()).isEqualTo("pagination");
        assertThat(admin.get("/v2.0/extensions/l3-ha").status()).isEqualTo(404);
    }
}
