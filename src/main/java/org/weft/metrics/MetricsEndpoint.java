package org.weft.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.config.Config;

/**
 * A process's monitoring endpoint: {@code GET /metrics} answers {@link Metrics#scrape()} in
 * Prometheus's text format, {@code GET /healthcheck} answers 200 {@code OK} when no {@link Health}
 * check finds a problem and 503 with one problem per line otherwise. Plain HTTP without
 * authentication, as a Prometheus scrape target is; it listens on loopback unless told otherwise.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer http;
    private final ExecutorService executor;

    private MetricsEndpoint(HttpServer http, ExecutorService executor) {
        this.http = http;
        this.executor = executor;
    }

    /**
     * Starts serving on {@code host}:{@code port} (0 for any free port).
     *
     * @throws IOException when the address cannot be bound
     */
    public static MetricsEndpoint start(String host, int port, Health health) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 16);
        ExecutorService executor =
                Executors.newSingleThreadExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, "metrics-endpoint");
                            thread.setDaemon(true);
                            return thread;
                        });
        http.setExecutor(executor);
        http.createContext("/metrics", exchange -> answerMetrics(exchange));
        http.createContext("/healthcheck", exchange -> answerHealth(exchange, health));
        http.start();
        MetricsEndpoint endpoint = new MetricsEndpoint(http, executor);
        log.info("metrics endpoint listening address={}:{}", host, endpoint.port());
        return endpoint;
    }

    /**
     * The endpoint {@code config}'s {@code [metrics]} section asks for, on {@code defaultPort}
     * unless {@code bind_port} says otherwise; nothing when it is disabled or its address is taken.
     * A taken address does not stop the process: it keeps doing its job, unobserved, and says so.
     */
    public static Optional<MetricsEndpoint> startAsConfigured(
            Config config, int defaultPort, Health health) {
        if (!config.get(MetricsOptions.ENABLED)) {
            return Optional.empty();
        }
        String host = config.get(MetricsOptions.BIND_HOST);
        int port = config.find(MetricsOptions.BIND_PORT).orElse(defaultPort);
        try {
            return Optional.of(start(host, port, health));
        } catch (IOException e) {
            log.warn(
                    "metrics endpoint not started address={}:{}: {}; set [metrics] bind_port to a"
                            + " free port",
                    host,
                    port,
                    e.toString());
            return Optional.empty();
        }
    }

    /** The port it listens on. */
    public int port() {
        return http.getAddress().getPort();
    }

    private static void answerMetrics(HttpExchange exchange) throws IOException {
        if (refusedMethod(exchange)) {
            return;
        }
        answer(exchange, 200, TEXT_FORMAT, Metrics.scrape());
    }

    private static void answerHealth(HttpExchange exchange, Health health) throws IOException {
        if (refusedMethod(exchange)) {
            return;
        }
        List<String> problems = health.problems();
        String type = "text/plain; charset=utf-8";
        if (problems.isEmpty()) {
            answer(exchange, 200, type, "OK\n");
        } else {
            answer(exchange, 503, type, String.join("\n", problems) + "\n");
        }
    }

    private static boolean refusedMethod(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("GET")) {
            return false;
        }
        exchange.getResponseHeaders().set("Allow", "GET");
        answer(exchange, 405, "text/plain; charset=utf-8", "only GET\n");
        return true;
    }

    private static void answer(HttpExchange exchange, int status, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
