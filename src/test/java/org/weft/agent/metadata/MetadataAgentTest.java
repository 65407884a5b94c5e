package org.weft.agent.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.dataplane.linux.Command;
import org.weft.lab.nova.NovaMetadataStandIn;
import org.weft.testing.LogCapture;

class MetadataAgentTest {
    private static final String SECRET = "helloOpenStack";
    private final int novaPort = org.weft.testing.LoopbackPorts.free();
    private static final MetadataScope ROUTER =
            MetadataScope.router("7a1f3c2e-0000-4000-8000-000000000001");
    private static final Instance VM1 =
            new Instance("11111111-aaaa-4aaa-8aaa-000000000001", "project-a");
    private static final Instance VM2 =
            new Instance("22222222-bbbb-4bbb-8bbb-000000000002", "project-a");

    @TempDir Path state;
    private final MapLookup lookup =
            new MapLookup().with(ROUTER, "10.0.1.5", VM1).with(ROUTER, "10.0.1.6", VM2);
    private NovaMetadataStandIn nova;
    private MetadataAgent agent;

    @BeforeEach
    void startNova() {
        nova =
                NovaMetadataStandIn.start(
                        new InetSocketAddress("127.0.0.1", novaPort), SECRET, Optional.empty());
        nova.register(VM1);
        nova.register(VM2);
    }

    @AfterEach
    void stopAll() {
        if (agent != null) {
            agent.close();
        }
        nova.close();
    }

    private void startAgent(String secret, int novaPort) {
        agent =
                MetadataAgent.start(
                        new MetadataAgent.Settings(
                                state.resolve("metadata_proxy"),
                                URI.create("http://127.0.0.1:" + novaPort),
                                secret,
                                false),
                        lookup);
    }

    /** What curl gets through the agent's socket, as the proxy would send it: status and body. */
    private String get(String path, String... headers) {
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "curl",
                                "-s",
                                "--max-time",
                                "20",
                                "-w",
                                "\n%{http_code}",
                                "--unix-socket",
                                agent.socket().toString()));
        for (String header : headers) {
            argv.add("-H");
            argv.add(header);
        }
        argv.add("http://169.254.169.254" + path);
        return Command.of(argv).run();
    }

    private static String[] fromProxy(String address, String... more) {
        List<String> headers =
                new ArrayList<>(
                        List.of(
                                ROUTER.headerName() + ": " + ROUTER.id(),
                                "X-Forwarded-For: " + address));
        headers.addAll(List.of(more));
        return headers.toArray(String[]::new);
    }

    @Test
    void instanceGetsItsOwnIdSignedForNova() {
        startAgent(SECRET, novaPort);

        assertThat(get("/latest/meta-data/instance-id", fromProxy("10.0.1.5")))
                .isEqualTo(VM1.instanceId() + "\n200");

        NovaMetadataStandIn.Received received = nova.received().get(0);
        assertThat(received.header("X-Instance-ID")).containsExactly(VM1.instanceId());
        assertThat(received.header("X-Tenant-ID")).containsExactly("project-a");
        assertThat(received.header("X-Forwarded-For")).containsExactly("10.0.1.5");
        assertThat(received.header("X-Instance-ID-Signature"))
                .containsExactly(InstanceSignature.sign(SECRET, VM1.instanceId()));
    }

    @Test
    void metaDataJsonNamesTheInstanceAndItsProject() {
        startAgent(SECRET, novaPort);

        String answer = get("/openstack/latest/meta_data.json", fromProxy("10.0.1.6"));

        assertThat(answer)
                .contains("\"uuid\":\"" + VM2.instanceId() + "\"")
                .contains("\"project_id\":\"project-a\"")
                .endsWith("200");
    }

    @Test
    void headersTheVmSendsItselfAreNotPassedOn() {
        startAgent(SECRET, novaPort);

        String answer =
                get(
                        "/latest/meta-data/instance-id",
                        fromProxy(
                                "10.0.1.5",
                                "X-Instance-ID: " + VM2.instanceId(),
                                "X-Tenant-ID: project-b",
                                "X-Instance-ID-Signature: "
                                        + InstanceSignature.sign(SECRET, VM2.instanceId()),
                                "X-Neutron-Network-ID: forged"));

        assertThat(answer).isEqualTo(VM1.instanceId() + "\n200");
        NovaMetadataStandIn.Received received = nova.received().get(0);
        assertThat(received.header("X-Instance-ID")).containsExactly(VM1.instanceId());
        assertThat(received.header("X-Tenant-ID")).containsExactly("project-a");
        assertThat(received.header("X-Neutron-Network-ID")).isEmpty();
        assertThat(received.header("X-Neutron-Router-ID")).isEmpty();
    }

    @Test
    void unknownAddressGets404WithoutAskingNova() {
        startAgent(SECRET, novaPort);

        assertThat(get("/latest/meta-data/instance-id", fromProxy("10.0.1.99"))).endsWith("404");
        assertThat(nova.received()).isEmpty();
    }

    @Test
    void unreachableNovaGets503AndTheLogNamesIt() {
        int nobodyListens = org.weft.testing.LoopbackPorts.free();
        startAgent(SECRET, nobodyListens);
        try (LogCapture log = LogCapture.weft()) {

            assertThat(get("/latest/meta-data/instance-id", fromProxy("10.0.1.5"))).endsWith("503");

            assertThat(log.text()).contains("unreachable at http://127.0.0.1:" + nobodyListens);
        }
    }

    @Test
    void refusedSignatureReachesTheVmAs403AndIsLoggedWithoutTheSecret() {
        startAgent("not-" + SECRET, novaPort);
        try (LogCapture log = LogCapture.weft()) {

            assertThat(get("/latest/meta-data/instance-id", fromProxy("10.0.1.5"))).endsWith("403");

            assertThat(log.text())
                    .contains("refused the signature of instance=" + VM1.instanceId());
            assertThat(log.text()).doesNotContain(SECRET);
        }
    }

    @Test
    void settingsOfTheGuidesFileAreReadAsWritten() throws Exception {
        org.weft.config.Config config =
                org.weft.config.Config.load(
                                List.of(Path.of("etc/guide/metadata_agent.ini")), List.of())
                        .overlaidWith(
                                org.weft.config.Config.fromText(
                                        "state.conf", "[DEFAULT]\nstate_path = " + state + "\n"));
        try (LogCapture log = LogCapture.weft()) {
            MetadataAgentOptions.reportUnused(config);
            MetadataAgent.Settings settings = MetadataAgent.Settings.from(config);

            assertThat(settings.nova()).isEqualTo(URI.create("http://10.10.10.51:8775"));
            assertThat(settings.sharedSecret()).isEqualTo(SECRET);
            assertThat(settings.socket()).isEqualTo(state.resolve("metadata_proxy"));
            assertThat(settings.toString()).doesNotContain(SECRET);
            assertThat(log.lines())
                    .filteredOn(line -> line.startsWith("INFO setting accepted and not needed"))
                    .hasSize(5);
            assertThat(log.text()).doesNotContain("service_pass");
        }
        assertThat(Files.exists(state)).isTrue();
    }
}
