package org.weft.server.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.metrics.Metrics;

/**
 * The HTTP server of the API: Javalin on the configured address, every request handed to the {@link
 * Router} with its body read up to a limit, answers written as JSON with a request id.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    /** The largest body taken; Neutron's oslo sizelimit middleware would allow 114,688 bytes. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final HandlerType[] METHODS = {
        HandlerType.GET,
        HandlerType.POST,
        HandlerType.PUT,
        HandlerType.DELETE,
        HandlerType.PATCH,
        HandlerType.HEAD,
        HandlerType.OPTIONS
    };

    private final Router router;
    private final Javalin javalin;

    public ApiServer(Router router) {
        this.router = router;
        this.javalin =
                Javalin.create(
                        config -> {
                            config.showJavalinBanner = false;
                            config.startupWatcherEnabled = false;
                            config.http.maxRequestSize = MAX_BODY_BYTES;
                            config.http.generateEtags = false;
                            // Neutron answers uncompressed; compressing a list of 10,000 ports
                            // costs more than sending it over loopback.
                            config.http.disableCompression();
                            config.router.ignoreTrailingSlashes = true;
                            config.router.treatMultipleSlashesAsSingleSlash = true;
                            config.useVirtualThreads = true;
                        });
        for (HandlerType method : METHODS) {
            javalin.addHttpHandler(method, "/", this::serve);
            javalin.addHttpHandler(method, "/<path>", this::serve);
        }
        javalin.exception(Exception.class, (e, ctx) -> fail(ctx, e));
    }

    /** Starts listening on {@code host}:{@code port} (0 for any free port). */
    public ApiServer start(String host, int port) {
        javalin.start(host, port);
        log.info("API listening: address={}:{}", host, port());
        return this;
    }

    /** The port the server listens on. */
    public int port() {
        return ((ServerConnector) javalin.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    private void serve(Context ctx) {
        long start = System.nanoTime();
        String requestId = "req-" + UUID.randomUUID();
        ApiResponse response;
        byte[] body = readBody(ctx);
        if (body == null) {
            response = Router.error(413, "HTTPRequestEntityTooLarge", "Request is too large.");
        } else {
            response =
                    router.dispatch(
                            ctx.method().name(),
                            ctx.path(),
                            query(ctx.queryString()),
                            body,
                            baseUrl(ctx),
                            ctx::header);
        }
        write(ctx, response, requestId);
        record(ctx, response.status(), start);
        if (log.isDebugEnabled()) {
            log.debug(
                    "request={} method={} path={} status={}",
                    requestId,
                    ctx.method(),
                    ctx.path(),
                    response.status());
        }
    }

    private void record(Context ctx, int status, long start) {
        Timer.builder("weft.api.requests")
                .description("Networking API requests by route, method and status")
                .tag("method", ctx.method().name())
                .tag("route", router.routeOf(ctx.path()))
                .tag("status", Integer.toString(status))
                .register(Metrics.registry())
                .record(Duration.ofNanos(System.nanoTime() - start));
    }

    private static void write(Context ctx, ApiResponse response, String requestId) {
        ctx.status(response.status());
        ctx.header("X-Openstack-Request-Id", requestId);
        response.headers().forEach(ctx::header);
        if (response.status() == 204) {
            return;
        }
        // Written straight to the response, with its length, rather than through Javalin's
        // result stream, which copies the body again in small pieces.
        ctx.res().setContentType("application/json");
        ctx.res().setContentLength(response.body().length);
        try {
            ctx.res().getOutputStream().write(response.body());
        } catch (IOException e) {
            log.debug("client went away before the answer was written: {}", e.getMessage());
        }
    }

    private static void fail(Context ctx, Exception e) {
        log.error("request failed method={} path={}", ctx.method(), ctx.path(), e);
        write(
                ctx,
                Router.error(
                        500,
                        "HTTPInternalServerError",
                        "Request Failed: internal server error while processing your request."),
                "req-" + UUID.randomUUID());
    }

    /** The body, or null when it is larger than {@link #MAX_BODY_BYTES}. */
    private static byte[] readBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            return null;
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String baseUrl(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || host.isBlank()) {
            host = ctx.req().getLocalAddr() + ":" + ctx.req().getLocalPort();
        }
        return ctx.scheme() + "://" + host;
    }

    static List<Map.Entry<String, String>> query(String queryString) {
        List<Map.Entry<String, String>> parameters = new ArrayList<>();
        if (queryString == null || queryString.isEmpty()) {
            return parameters;
        }
        for (String pair : queryString.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.add(new AbstractMap.SimpleImmutableEntry<>(decode(key), decode(value)));
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
