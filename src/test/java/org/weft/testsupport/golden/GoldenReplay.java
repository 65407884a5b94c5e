package org.weft.testsupport.golden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.weft.bench.HttpConnection;
import org.weft.bench.HttpResponse;

/**
 * Sends the golden requests, in their order, to a server, each on a new connection as the
 * reference's driver did, with the ids of earlier answers put in place of the golden run's; and
 * compares each answer with the golden one. One replay holds one {@link ValueMapping}, so the
 * exchanges must be replayed in order, each once.
 */
public final class GoldenReplay {
    private final URI base;
    private final ValueMapping mapping = new ValueMapping();
    private final GoldenComparison comparison;

    public GoldenReplay(URI base, ComparisonRules rules) {
        this.base = base;
        this.comparison = new GoldenComparison(rules, mapping, base);
    }

    /** What was sent and answered, and how the answer compares. */
    public record Result(
            GoldenExchange golden,
            String sentTarget,
            String sentBody,
            HttpResponse answer,
            GoldenComparison.Outcome outcome) {}

    public Result replay(GoldenExchange golden) {
        GoldenExchange.Request request = golden.request();
        String target = mapping.substitute(request.target());
        String body = mapping.substitute(request.body());
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
        byte[] bytes = request.hasBody() ? body.getBytes(StandardCharsets.UTF_8) : null;
        try (HttpConnection connection = new HttpConnection(base)) {
            HttpResponse answer = connection.send(request.method(), target, headers, bytes);
            return new Result(golden, target, body, answer, comparison.compare(golden, answer));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    golden.file() + ": " + request.method() + " " + target + " failed", e);
        }
    }
}
