package org.weft.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON mapping of stored documents: records to and from their documents, timestamps as ISO 8601
 * strings, keys the record does not know (derived ones such as {@code tenant_id}) ignored when
 * reading back.
 */
public final class Documents {
    private Documents() {}

    public static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .addModule(new JavaTimeModule())
                    .addModule(
                            new com.fasterxml.jackson.databind.module.SimpleModule()
                                    .addDeserializer(java.time.Instant.class, new Timestamps()))
                    .addModule(new Jdk8Module())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                    .build();

    /**
     * Reads the stored timestamps ({@code 2026-12-04T13:58:17Z}) without the JDK's general parser,
     * which builds a formatter on every call; other forms go to {@link java.time.Instant#parse}.
     */
    static final class Timestamps
            extends com.fasterxml.jackson.databind.JsonDeserializer<java.time.Instant> {
        @Override
        public java.time.Instant deserialize(
                com.fasterxml.jackson.core.JsonParser parser,
                com.fasterxml.jackson.databind.DeserializationContext context)
                throws java.io.IOException {
            return parse(parser.getValueAsString());
        }

        static java.time.Instant parse(String text) {
            if (text.length() == 20 && text.charAt(10) == 'T' && text.charAt(19) == 'Z') {
                try {
                    return java.time.LocalDateTime.of(
                                    Integer.parseInt(text, 0, 4, 10),
                                    Integer.parseInt(text, 5, 7, 10),
                                    Integer.parseInt(text, 8, 10, 10),
                                    Integer.parseInt(text, 11, 13, 10),
                                    Integer.parseInt(text, 14, 16, 10),
                                    Integer.parseInt(text, 17, 19, 10))
                            .toInstant(java.time.ZoneOffset.UTC);
                } catch (RuntimeException e) {
                    // Not the stored form after all; the general parser decides.
                }
            }
            return java.time.Instant.parse(text);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write document of " + value.getClass(), e);
        }
    }

    public static <T> T read(String document, Class<T> type) {
        try {
            return MAPPER.readValue(document, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored document is not a " + type.getSimpleName(), e);
        }
    }

    public static ObjectNode tree(String document) {
        try {
            return (ObjectNode) MAPPER.readTree(document);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new StoreException("stored document is not a JSON object", e);
        }
    }

    public static ObjectNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static <T> T fromTree(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new StoreException("document is not a " + type.getSimpleName() + ": " + e, e);
        }
    }
}
