package org.weft.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpConnectionTest {
    private HttpServer server;
    private URI base;
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/sized",
                exchange -> {
                    clientPorts.add(exchange.getRemoteAddress().getPort());
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(201, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
        server.createContext(
                "/chunked",
                exchange -> {
                    exchange.sendResponseHeaders(200, 0);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write("a".repeat(70_000).getBytes(StandardCharsets.US_ASCII));
                    }
                });
        server.createContext(
                "/empty",
                exchange -> {
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void answersAreReadWithStatusLineHeadersAndBody() throws IOException {
        try (HttpConnection connection = new HttpConnection(base)) {
            HttpResponse response =
                    connection.send(
                            "POST",
                            "/sized",
                            Map.of("Content-Type", "application/json"),
                            "{\"a\": 1}".getBytes(StandardCharsets.UTF_8));

            assertThat(response.statusLine()).isEqualTo("HTTP/1.1 201 Created");
            assertThat(response.header("content-type")).hasValue("application/json");
            assertThat(response.bodyText()).isEqualTo("{\"a\": 1}");
        }
    }

    @Test
    void oneConnectionCarriesManyRequests() throws IOException {
        try (HttpConnection connection = new HttpConnection(base)) {
            for (int i = 0; i < 5; i++) {
                connection.send("POST", "/sized", Map.of(), new byte[] {'x'});
            }
        }

        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void chunkedAndEmptyBodiesAreRead() throws IOException {
        try (HttpConnection connection = new HttpConnection(base)) {
            assertThat(connection.send("GET", "/chunked", Map.of()).body()).hasSize(70_000);
            HttpResponse empty = connection.send("DELETE", "/empty", Map.of());
            assertThat(empty.status()).isEqualTo(204);
            assertThat(empty.body()).isEmpty();
            assertThat(connection.send("GET", "/chunked", Map.of()).status()).isEqualTo(200);
        }
    }

    @Test
    void onlyLoopbackTargetsAreAccepted() {
        assertThatThrownBy(() -> new HttpConnection(URI.create("http://192.0.2.1:9696")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-loopback");
    }
}
