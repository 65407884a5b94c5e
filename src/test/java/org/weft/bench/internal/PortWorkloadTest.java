package org.weft.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PortWorkloadTest {
    @Test
    void thePortIdIsReadFromACreateAnswerWhereverItStands() {
        String answer =
                "{\"port\": {\"name\": \"p\", \"fixed_ips\": [{\"subnet_id\": \"s\", \"id\":"
                        + " \"no\"}], \"id\": \"66be3678-0e89-4ee9-a2b6-f57277f118ab\"}}";

        assertThat(PortWorkload.portId(answer.getBytes(StandardCharsets.UTF_8)))
                .hasValue("66be3678-0e89-4ee9-a2b6-f57277f118ab");
    }

    @Test
    void anAnswerWithoutAPortHasNoId() {
        assertThat(PortWorkload.portId("{\"NeutronError\": {}}".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(PortWorkload.portId("not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
