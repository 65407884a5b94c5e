package org.weft.server.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** An API extension Weft supports, as {@code /v2.0/extensions} lists it. */
@JsonPropertyOrder({"name", "alias", "description", "updated", "links"})
public record Extension(
        @JsonProperty("name") String name,
        @JsonProperty("alias") String alias,
        @JsonProperty("description") String description,
        @JsonProperty("updated") String updated) {

    @JsonProperty("links")
    public List<Object> links() {
        return List.of();
    }
}
