package org.weft.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.weft.store.Documents;
import org.weft.store.StoreException;

/**
 * What a handler answers: a status, a JSON body (none for 204) and headers beyond the usual ones
 * ({@code WWW-Authenticate} of a 401).
 */
public record ApiResponse(int status, byte[] body, java.util.Map<String, String> headers) {

    public ApiResponse(int status, byte[] body) {
        this(status, body, java.util.Map.of());
    }

    /** This response with {@code name} set to {@code value}. */
    public ApiResponse withHeader(String name, String value) {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put(name, value);
        return new ApiResponse(status, body, java.util.Map.copyOf(all));
    }

    public static ApiResponse json(int status, JsonNode body) {
        try {
            return new ApiResponse(status, Documents.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write response body", e);
        }
    }

    public static ApiResponse json(int status, String body) {
        return new ApiResponse(status, body.getBytes(StandardCharsets.UTF_8));
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, new byte[0]);
    }
}
