package org.weft.server.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.weft.server.Errors;
import org.weft.server.policy.Caller;
import org.weft.store.Documents;

/**
 * One API request as a collection's handler sees it: the method, the path below the collection
 * ({@code /v2.0/networks/ID/tags} gives {@code [ID, tags]}), the query parameters in their order,
 * the body, and the caller.
 */
public final class ApiRequest {
    private static final Pattern IF_MATCH = Pattern.compile("revision_number=(\\d+)");

    private final String method;
    private final String collection;
    private final List<String> path;
    private final List<Map.Entry<String, String>> query;
    private final byte[] body;
    private final Caller caller;
    private final String baseUrl;
    private final Function<String, String> headers;

    public ApiRequest(
            String method,
            String collection,
            List<String> path,
            List<Map.Entry<String, String>> query,
            byte[] body,
            Caller caller,
            String baseUrl,
            Function<String, String> headers) {
        this.method = method;
        this.collection = collection;
        this.path = List.copyOf(path);
        this.query = List.copyOf(query);
        this.body = body;
        this.caller = caller;
        this.baseUrl = baseUrl;
        this.headers = headers;
    }

    public String method() {
        return method;
    }

    public String collection() {
        return collection;
    }

    public List<String> path() {
        return path;
    }

    public List<Map.Entry<String, String>> query() {
        return query;
    }

    /** Every value of query parameter {@code name}, in order. */
    public List<String> queryValues(String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> parameter : query) {
            if (parameter.getKey().equals(name)) {
                values.add(parameter.getValue());
            }
        }
        return values;
    }

    public Caller caller() {
        return caller;
    }

    /** The scheme, host and port the client used, for links: {@code http://127.0.0.1:9696}. */
    public String baseUrl() {
        return baseUrl;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.apply(name));
    }

    /** The revision an {@code If-Match: revision_number=N} header requires, if any. */
    public OptionalLong ifMatch() {
        for (String value : header("If-Match").orElse("").split(",")) {
            Matcher matcher = IF_MATCH.matcher(value.strip());
            if (matcher.matches()) {
                return OptionalLong.of(Long.parseLong(matcher.group(1)));
            }
        }
        return OptionalLong.empty();
    }

    public boolean hasBody() {
        return body.length > 0;
    }

    /** The body as JSON; an empty body is an empty object, anything but JSON a 400. */
    public JsonNode json() {
        if (body.length == 0) {
            return Documents.MAPPER.createObjectNode();
        }
        try {
            JsonNode node = Documents.MAPPER.readTree(body);
            return node == null ? Documents.MAPPER.createObjectNode() : node;
        } catch (JsonParseException e) {
            throw Errors.badRequest("Body contains invalid data");
        } catch (IOException e) {
            throw Errors.badRequest("Body contains invalid data");
        }
    }
}
