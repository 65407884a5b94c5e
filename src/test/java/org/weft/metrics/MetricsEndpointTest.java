package org.weft.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.weft.config.Config;
import org.weft.dataplane.linux.Command;

class MetricsEndpointTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(MetricsEndpoint endpoint, String path)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsAreServedInPrometheusTextFormatAndPassPromtool() throws Exception {
        Counter.builder("weft.test.things")
                .description("Things a test counted")
                .tag("kind", "served")
                .register(Metrics.registry())
                .increment(3);
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, new Health())) {
            HttpResponse<String> response = get(endpoint, "/metrics");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValue("text/plain; version=0.0.4; charset=utf-8");
            Scrape scrape = new Scrape(response.body());
            assertThat(scrape.value("weft_test_things_total", Map.of("kind", "served")))
                    .isEqualTo(3);
            Command.Result promtool = scrape.promtool();
            assertThat(promtool.stdout() + promtool.stderr()).isEmpty();
            assertThat(promtool.succeeded()).isTrue();
        }
    }

    @Test
    void healthcheckNamesEveryProblemWith503AndSaysOkOnceTheyAreGone() throws Exception {
        AtomicReference<Optional<String>> bus =
                new AtomicReference<>(Optional.of("no link to the message broker"));
        Health health = new Health().check("bus", bus::get).check("switch", Optional::empty);
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, health)) {
            HttpResponse<String> failing = get(endpoint, "/healthcheck");
            bus.set(Optional.empty());
            HttpResponse<String> passing = get(endpoint, "/healthcheck");

            assertThat(failing.statusCode()).isEqualTo(503);
            assertThat(failing.body()).isEqualTo("bus: no link to the message broker\n");
            assertThat(passing.statusCode()).isEqualTo(200);
            assertThat(passing.body()).isEqualTo("OK\n");
        }
    }

    @Test
    void aTakenPortLeavesTheProcessRunningWithoutAnEndpoint() throws Exception {
        try (MetricsEndpoint first = MetricsEndpoint.start("127.0.0.1", 0, new Health())) {
            Config config =
                    Config.fromText("weft.conf", "[metrics]\nbind_port = " + first.port() + "\n");

            assertThat(MetricsEndpoint.startAsConfigured(config, 1, new Health())).isEmpty();
        }
    }

    @Test
    void disabledMetricsStartNoEndpoint() {
        Config config = Config.fromText("weft.conf", "[metrics]\nenabled = false\n");

        assertThat(MetricsEndpoint.startAsConfigured(config, 0, new Health())).isEmpty();
    }
}
