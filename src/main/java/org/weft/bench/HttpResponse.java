package org.weft.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One answer as it came over the wire: the status line's parts, the headers in their order and
 * spelling, and the body's bytes.
 */
public record HttpResponse(
        String version,
        int status,
        String reason,
        List<Map.Entry<String, String>> headers,
        byte[] body) {

    /** The first header of that name, compared without regard to case. */
    public Optional<String> header(String name) {
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return Optional.of(header.getValue());
            }
        }
        return Optional.empty();
    }

    public String statusLine() {
        return version + " " + status + " " + reason;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
