package org.weft.testsupport.golden;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One golden file of the reference ({@code golden/NN-name.txt}, written by its {@code
 * capture_golden.py}): an optional {@code # note} line, then {@code ### REQUEST} with the request
 * line, headers and body, then {@code ### RESPONSE} with the status line, headers and the body
 * pretty-printed in the server's member order.
 */
public record GoldenExchange(String file, String note, Request request, Response response) {
    private static final String REQUEST_MARK = "### REQUEST\n";
    private static final String RESPONSE_MARK = "\n### RESPONSE\n";

    /** The request as the reference's driver sent it. Body is empty when there was none. */
    public record Request(
            String method, String target, List<Map.Entry<String, String>> headers, String body) {
        public boolean hasBody() {
            return header(headers, "Content-Type").isPresent();
        }
    }

    /** The answer as the reference server gave it. */
    public record Response(
            String statusLine, List<Map.Entry<String, String>> headers, String body) {
        public Optional<String> header(String name) {
            return GoldenExchange.header(headers, name);
        }
    }

    /** Every {@code NN-*.txt} file of {@code dir}, in their order. */
    public static List<GoldenExchange> readAll(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> sorted =
                    files.filter(f -> f.getFileName().toString().matches("\\d+-.*\\.txt"))
                            .sorted()
                            .toList();
            List<GoldenExchange> exchanges = new ArrayList<>();
            for (Path file : sorted) {
                exchanges.add(parse(file.getFileName().toString(), Files.readString(file)));
            }
            return exchanges;
        }
    }

    public static GoldenExchange parse(String file, String text) {
        int requestAt = text.indexOf(REQUEST_MARK);
        int responseAt = text.indexOf(RESPONSE_MARK);
        if (requestAt < 0 || responseAt < requestAt) {
            throw new IllegalArgumentException(file + ": no ### REQUEST / ### RESPONSE sections");
        }
        String note = text.substring(0, requestAt).replaceFirst("^# ?", "").strip();
        Message request = message(text.substring(requestAt + REQUEST_MARK.length(), responseAt));
        Message response = message(text.substring(responseAt + RESPONSE_MARK.length()));
        String[] requestLine = request.firstLine().split(" ");
        if (requestLine.length != 3) {
            throw new IllegalArgumentException(file + ": bad request line " + request.firstLine());
        }
        return new GoldenExchange(
                file,
                note,
                new Request(requestLine[0], requestLine[1], request.headers(), request.body()),
                new Response(response.firstLine(), response.headers(), response.body()));
    }

    /** A start line, headers up to an empty line, then the body without the writer's newline. */
    private record Message(
            String firstLine, List<Map.Entry<String, String>> headers, String body) {}

    private static Message message(String text) {
        int lineEnd = text.indexOf('\n');
        String firstLine = text.substring(0, lineEnd);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        int at = lineEnd + 1;
        while (at < text.length() && text.charAt(at) != '\n') {
            int end = text.indexOf('\n', at);
            String line = text.substring(at, end < 0 ? text.length() : end);
            int colon = line.indexOf(':');
            headers.add(Map.entry(line.substring(0, colon), line.substring(colon + 1).strip()));
            at = end < 0 ? text.length() : end + 1;
        }
        String rest = at < text.length() ? text.substring(at + 1) : "";
        String body = rest.endsWith("\n") ? rest.substring(0, rest.length() - 1) : rest;
        return new Message(firstLine, headers, body);
    }

    static Optional<String> header(List<Map.Entry<String, String>> headers, String name) {
        return headers.stream()
                .filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }
}
