package org.weft.testsupport.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.weft.testsupport.ReferenceFolder;

class GoldenExchangeTest {
    private static List<GoldenExchange> golden;

    @BeforeAll
    static void readGoldenFiles() throws IOException {
        golden = GoldenExchange.readAll(ReferenceFolder.golden());
    }

    @Test
    void allSeventySixFilesAreReadInOrder() {
        assertThat(golden).hasSize(76);
        assertThat(golden.get(0).file()).isEqualTo("01-versions.txt");
        assertThat(golden.get(75).file()).isEqualTo("76-networks-list-final.txt");
    }

    @Test
    void aRequestWithABodyKeepsItAndItsNote() {
        GoldenExchange create = file("06-network-create.txt");

        assertThat(create.note()).startsWith("minimal body");
        assertThat(create.request().method()).isEqualTo("POST");
        assertThat(create.request().target()).isEqualTo("/v2.0/networks");
        assertThat(create.request().hasBody()).isTrue();
        assertThat(create.request().body())
                .isEqualTo("{\n  \"network\": {\n    \"name\": \"net1\"\n  }\n}");
        assertThat(create.response().statusLine()).isEqualTo("HTTP/1.1 201 Created");
        assertThat(create.response().header("content-type")).hasValue("application/json");
        assertThat(create.response().body()).startsWith("{\n  \"network\": {").endsWith("}\n}");
    }

    @Test
    void rawAndEmptyBodiesAreReadAsSent() {
        assertThat(file("49-err-malformed-json.txt").request().body())
                .isEqualTo("{\"network\": {\"name\": ");
        GoldenExchange empty = file("51-err-empty-body.txt");
        assertThat(empty.request().hasBody()).isTrue();
        assertThat(empty.request().body()).isEmpty();
    }

    @Test
    void aRequestWithoutBodyAndAnAnswerWithoutBodyAreEmpty() {
        GoldenExchange delete = file("62-floatingip-delete.txt");

        assertThat(delete.request().hasBody()).isFalse();
        assertThat(delete.response().statusLine()).isEqualTo("HTTP/1.1 204 No Content");
        assertThat(delete.response().body()).isEmpty();
    }

    private static GoldenExchange file(String name) {
        return golden.stream().filter(g -> g.file().equals(name)).findFirst().orElseThrow();
    }
}
