package org.weft.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.weft.store.Documents;
import org.weft.store.StoreException;

/** What a handler answers: a status and a JSON body (none for 204). */
public record ApiResponse(int status, byte[] body) {

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
