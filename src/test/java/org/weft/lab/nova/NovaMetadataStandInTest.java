package org.weft.lab.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.agent.metadata.Instance;
import org.weft.agent.metadata.InstanceSignature;

class NovaMetadataStandInTest {
    private static final String SECRET = "helloOpenStack";
    private static final Instance VM =
            new Instance("c3c3c3c3-0000-4000-8000-000000000003", "project-a");

    @TempDir Path dir;
    private final int port = org.weft.testing.LoopbackPorts.free();
    private NovaMetadataStandIn nova;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        nova =
                NovaMetadataStandIn.start(
                        new InetSocketAddress("127.0.0.1", port),
                        SECRET,
                        Optional.of(dir.resolve("instances")));
        nova.register(VM);
    }

    @AfterEach
    void stop() {
        nova.close();
    }

    private HttpResponse<String> get(
            String path, String instanceId, String project, String signature) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (instanceId != null) {
            request.header("X-Instance-ID", instanceId);
        }
        if (project != null) {
            request.header("X-Tenant-ID", project);
        }
        if (signature != null) {
            request.header("X-Instance-ID-Signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void signedRequestGetsTheInstancesMetadata() throws Exception {
        HttpResponse<String> answer =
                get(
                        "/latest/meta-data/instance-id",
                        VM.instanceId(),
                        "project-a",
                        InstanceSignature.sign(SECRET, VM.instanceId()));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(VM.instanceId());
    }

    @Test
    void wrongSignatureIs403() throws Exception {
        assertThat(
                        get(
                                        "/latest/meta-data/instance-id",
                                        VM.instanceId(),
                                        "project-a",
                                        InstanceSignature.sign("other", VM.instanceId()))
                                .statusCode())
                .isEqualTo(403);
        assertThat(
                        get("/latest/meta-data/instance-id", VM.instanceId(), "project-a", null)
                                .statusCode())
                .isEqualTo(403);
    }

    @Test
    void missingInstanceOrProjectIs400() throws Exception {
        assertThat(get("/latest/meta-data/instance-id", null, "project-a", null).statusCode())
                .isEqualTo(400);
        assertThat(get("/latest/meta-data/instance-id", VM.instanceId(), null, null).statusCode())
                .isEqualTo(400);
    }

    @Test
    void anotherProjectOrAnUnknownInstanceIs404() throws Exception {
        assertThat(
                        get(
                                        "/latest/meta-data/instance-id",
                                        VM.instanceId(),
                                        "project-b",
                                        InstanceSignature.sign(SECRET, VM.instanceId()))
                                .statusCode())
                .isEqualTo(404);
        assertThat(
                        get(
                                        "/latest/meta-data/instance-id",
                                        "nobody",
                                        "project-a",
                                        InstanceSignature.sign(SECRET, "nobody"))
                                .statusCode())
                .isEqualTo(404);
    }

    @Test
    void instancesWrittenToTheRegistryFileAreKnown() throws Exception {
        Files.writeString(dir.resolve("instances"), "d4d4 project-d\n");

        assertThat(
                        get(
                                        "/openstack/latest/meta_data.json",
                                        "d4d4",
                                        "project-d",
                                        InstanceSignature.sign(SECRET, "d4d4"))
                                .body())
                .contains("\"uuid\":\"d4d4\"")
                .contains("\"project_id\":\"project-d\"");
    }
}
