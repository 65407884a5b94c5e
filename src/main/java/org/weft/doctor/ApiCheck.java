package org.weft.doctor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The controller's Networking API answers a GET of its URL (version discovery). */
final class ApiCheck implements Check {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Override
    public String name() {
        return "Controller API";
    }

    @Override
    public CheckResult run(DoctorContext context) {
        Optional<URI> url =
                context.settings().serverUrl().or(() -> DoctorOptions.serverUrl(context.config()));
        if (url.isEmpty()) {
            return CheckResult.skip(
                    name(),
                    "no server URL: set [neutron] url (quantum_url in the guide's era) or give"
                            + " --server-url");
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(url.get()).timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<Void> response =
                    client.send(request, HttpResponse.BodyHandlers.discarding());
            Instant received = context.settings().clock().instant();
            context.recordApiAnswer(
                    new DoctorContext.ApiAnswer(response.statusCode(), date(response), received));
            if (response.statusCode() >= 500) {
                return CheckResult.fail(
                        name(),
                        "HTTP " + response.statusCode() + " from " + url.get(),
                        "look at the server's log on the controller");
            }
            return CheckResult.ok(name(), "HTTP " + response.statusCode() + " from " + url.get());
        } catch (IOException e) {
            return CheckResult.fail(
                    name(),
                    "no answer from " + url.get() + ": " + e,
                    "start weft server on the controller, and check that this host reaches it"
                            + " (address, port 9696, firewall)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.skip(name(), "interrupted");
        }
    }

    private static Optional<Instant> date(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Date")
                .flatMap(
                        text -> {
                            try {
                                return Optional.of(
                                        ZonedDateTime.parse(
                                                        text, DateTimeFormatter.RFC_1123_DATE_TIME)
                                                .toInstant());
                            } catch (DateTimeParseException e) {
                                return Optional.empty();
                            }
                        });
    }
}
