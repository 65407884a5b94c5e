package org.weft.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.internal.RateLimitedLog;
import org.weft.server.ApiException;
import org.weft.server.NotFoundException;
import org.weft.server.policy.Authenticator;
import org.weft.server.policy.Caller;
import org.weft.server.policy.UnauthorizedException;
import org.weft.store.DatabaseUnavailableException;
import org.weft.store.Documents;

/**
 * Sends each request to its collection's handler and turns every failure into a {@code
 * NeutronError} body: the statuses and types of {@link ApiException}s as raised, anything else (a
 * bug) a 500 without details, logged with its stack trace.
 */
public final class Router {
    private static final Logger log = LoggerFactory.getLogger(Router.class);
    private static final RateLimitedLog unavailableWarnings =
            new RateLimitedLog(log, java.time.Duration.ofSeconds(10));

    private final Map<String, CollectionHandler> collections = new ConcurrentHashMap<>();
    private final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Extensions extensions;
    private final Authenticator authenticator;

    public Router(Extensions extensions, Authenticator authenticator) {
        this.extensions = extensions;
        this.authenticator = authenticator;
    }

    /** Serves {@code handler} under {@code /v2.0/{collection}}: an extension's resource. */
    public void register(CollectionHandler handler) {
        collections.put(handler.collection(), handler);
    }

    /**
     * Serves {@code handler} and lists it at {@code /v2.0/}, which shows only the core resources
     * (networks, subnets, ports), as the reference does.
     */
    public void registerCore(CollectionHandler handler) {
        register(handler);
        if (!order.contains(handler.collection())) {
            order.add(handler.collection());
        }
    }

    public Extensions extensions() {
        return extensions;
    }

    /** The 405 of a method a path does not take, in the reference's words. */
    public static ApiException methodNotAllowed() {
        return new ApiException(
                405,
                "HTTPMethodNotAllowed",
                "The server could not comply with the request since it is either malformed or"
                        + " otherwise incorrect.") {};
    }

    /** The 404 of a path that names nothing. */
    public static NotFoundException notFound() {
        return new NotFoundException("HTTPNotFound", "The resource could not be found.");
    }

    /**
     * Answers one request; never throws.
     *
     * @param path the request's path, decoded
     * @param query the query parameters in order
     * @param baseUrl scheme, host and port as the client addressed the server
     */
    public ApiResponse dispatch(
            String method,
            String path,
            List<Map.Entry<String, String>> query,
            byte[] body,
            String baseUrl,
            Function<String, String> headers) {
        try {
            return route(method, path, query, body, baseUrl, headers);
        } catch (UnauthorizedException e) {
            return error(e.status(), e.type(), e.getMessage())
                    .withHeader("WWW-Authenticate", e.challenge());
        } catch (ApiException e) {
            return error(e.status(), e.type(), e.getMessage());
        } catch (DatabaseUnavailableException e) {
            unavailableWarnings.warn(
                    "database unavailable method={} path={}: {}", method, path, e.getMessage());
            return error(
                    503,
                    "HTTPServiceUnavailable",
                    "The server is currently unavailable: its database cannot be reached."
                            + " Please try again later.");
        } catch (IllegalArgumentException e) {
            log.debug("request refused method={} path={}: {}", method, path, e.getMessage());
            return error(400, "HTTPBadRequest", e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            log.error("request failed method={} path={}", method, path, e);
            return error(
                    500,
                    "HTTPInternalServerError",
                    "Request Failed: internal server error while processing your request.");
        }
    }

    private ApiResponse route(
            String method,
            String path,
            List<Map.Entry<String, String>> query,
            byte[] body,
            String baseUrl,
            Function<String, String> headers) {
        List<String> segments = segments(path);
        if (segments.isEmpty()) {
            requireGet(method);
            return versions(baseUrl);
        }
        if (!segments.get(0).equals("v2.0")) {
            throw notFound();
        }
        if (segments.size() == 1) {
            requireGet(method);
            return resources(baseUrl);
        }
        String collection = stripJsonSuffix(segments.get(1));
        Caller caller = authenticator.authenticate(headers);
        if (collection.equals("extensions")) {
            requireGet(method);
            return extensionsBody(segments);
        }
        CollectionHandler handler = collections.get(collection);
        if (handler == null) {
            throw notFound();
        }
        List<String> below = new ArrayList<>(segments.subList(2, segments.size()));
        if (!below.isEmpty()) {
            below.set(below.size() - 1, stripJsonSuffix(below.get(below.size() - 1)));
        }
        return handler.handle(
                new ApiRequest(method, collection, below, query, body, caller, baseUrl, headers));
    }

    /**
     * The route a path takes, as a template with its identifiers replaced ({@code
     * /v2.0/ports/{id}}, {@code /v2.0/routers/{id}/add_router_interface}): a label for metrics with
     * a bounded number of values, so a path that names no collection is {@code other}.
     */
    public String routeOf(String path) {
        List<String> segments = segments(path);
        if (segments.isEmpty()) {
            return "/";
        }
        if (!segments.get(0).equals("v2.0")) {
            return "other";
        }
        StringBuilder route = new StringBuilder("/v2.0");
        for (int i = 1; i < segments.size(); i++) {
            String segment = stripJsonSuffix(segments.get(i));
            if (i == 1 && !segment.equals("extensions") && !collections.containsKey(segment)) {
                return "other";
            }
            boolean named = i == 1 || (i == 3 && segment.matches("[a-z_-]{1,40}"));
            route.append('/').append(named ? segment : i == 2 ? "{id}" : "{value}");
        }
        return route.toString();
    }

    private static void requireGet(String method) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw methodNotAllowed();
        }
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }

    private static String stripJsonSuffix(String segment) {
        return segment.endsWith(".json") ? segment.substring(0, segment.length() - 5) : segment;
    }

    private static ApiResponse versions(String baseUrl) {
        ObjectNode version = Documents.MAPPER.createObjectNode();
        version.put("id", "v2.0");
        version.put("status", "CURRENT");
        version.set("links", links(baseUrl + "/v2.0/"));
        ObjectNode body = Documents.MAPPER.createObjectNode();
        body.putArray("versions").add(version);
        return ApiResponse.json(200, body);
    }

    private ApiResponse resources(String baseUrl) {
        ObjectNode body = Documents.MAPPER.createObjectNode();
        ArrayNode resources = body.putArray("resources");
        for (String collection : order) {
            CollectionHandler handler = collections.get(collection);
            ObjectNode resource = resources.addObject();
            resource.put("name", handler.member());
            resource.put("collection", collection);
            resource.set("links", links(baseUrl + "/v2.0/" + collection));
        }
        return ApiResponse.json(200, body);
    }

    private static ArrayNode links(String href) {
        ArrayNode links = Documents.MAPPER.createArrayNode();
        ObjectNode self = links.addObject();
        self.put("rel", "self");
        self.put("href", href);
        return links;
    }

    private ApiResponse extensionsBody(List<String> segments) {
        ObjectNode body = Documents.MAPPER.createObjectNode();
        if (segments.size() == 2) {
            body.set("extensions", Documents.MAPPER.valueToTree(extensions.all()));
            return ApiResponse.json(200, body);
        }
        if (segments.size() > 3) {
            throw notFound();
        }
        String alias = stripJsonSuffix(segments.get(2));
        Extension extension =
                extensions
                        .find(alias)
                        .orElseThrow(
                                () ->
                                        new NotFoundException(
                                                "HTTPNotFound",
                                                "Extension with alias "
                                                        + alias
                                                        + " does not exist"));
        body.set("extension", Documents.MAPPER.valueToTree(extension));
        return ApiResponse.json(200, body);
    }

    /** A {@code NeutronError} response. */
    public static ApiResponse error(int status, String type, String message) {
        ObjectNode error = Documents.MAPPER.createObjectNode();
        ObjectNode fields = error.putObject("NeutronError");
        fields.put("type", type);
        fields.put("message", message);
        fields.put("detail", "");
        return ApiResponse.json(status, error);
    }

    /** Refuses a body bigger than the server takes. */
    public static ApiException tooLarge(long limit) {
        return new ApiException(413, "HTTPRequestEntityTooLarge", "Request is too large.") {};
    }
}
