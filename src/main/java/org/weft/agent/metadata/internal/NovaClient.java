package org.weft.agent.metadata.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.weft.agent.metadata.Instance;
import org.weft.agent.metadata.InstanceSignature;

/** Forwards one metadata request to Nova's metadata server, signed for its instance. */
public final class NovaClient {
    /**
     * Headers never passed on from the VM: the ones that say who is asking (only the agent may set
     * them), and the ones the HTTP client sets itself.
     */
    private static final Set<String> DROPPED =
            Set.of(
                    "x-instance-id",
                    "x-instance-id-signature",
                    "x-tenant-id",
                    "x-forwarded-for",
                    "host",
                    "connection",
                    "content-length",
                    "expect",
                    "upgrade",
                    "keep-alive",
                    "transfer-encoding",
                    "te",
                    "trailer",
                    "proxy-connection",
                    "proxy-authorization",
                    "http2-settings");

    private final URI base;
    private final String sharedSecret;
    private final HttpClient client;
    private final Duration timeout;

    public NovaClient(URI base, String sharedSecret, boolean insecure, Duration connectTimeout) {
        this.base = base;
        this.sharedSecret = sharedSecret;
        this.timeout = Duration.ofSeconds(30);
        HttpClient.Builder builder =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(connectTimeout)
                        .followRedirects(HttpClient.Redirect.NEVER);
        if (insecure) {
            builder.sslContext(trustingEverything()).sslParameters(withoutHostnameCheck());
        }
        this.client = builder.build();
    }

    public URI base() {
        return base;
    }

    /** Nova's answer: its status, its content type and its body. */
    public record Answer(int status, Optional<String> contentType, byte[] body) {}

    /**
     * Sends the VM's request to Nova for {@code instance}, with the VM's own headers except the
     * ones in {@link #DROPPED} and the {@code X-Neutron-} ones; throws IOException when Nova cannot
     * be reached.
     */
    public Answer forward(
            String method,
            String pathAndQuery,
            Map<String, List<String>> headers,
            byte[] body,
            Instance instance,
            String clientAddress)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(base.resolve(pathAndQuery))
                        .timeout(timeout)
                        .method(method, bodyOf(body));
        headers.forEach(
                (name, values) -> {
                    if (isPassedOn(name)) {
                        values.forEach(value -> request.header(name, value));
                    }
                });
        request.header("X-Forwarded-For", clientAddress)
                .header("X-Instance-ID", instance.instanceId())
                .header("X-Tenant-ID", instance.projectId())
                .header(
                        "X-Instance-ID-Signature",
                        InstanceSignature.sign(sharedSecret, instance.instanceId()));
        HttpResponse<byte[]> response =
                client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(
                response.statusCode(),
                response.headers().firstValue("Content-Type"),
                response.body());
    }

    static boolean isPassedOn(String header) {
        String lower = header.toLowerCase(Locale.ROOT);
        return !DROPPED.contains(lower) && !lower.startsWith("x-neutron-");
    }

    private static HttpRequest.BodyPublisher bodyOf(byte[] body) {
        return body.length == 0
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body);
    }

    private static SSLContext trustingEverything() {
        TrustManager trustAll =
                new X509TrustManager() {
                    @Override
                    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                    @Override
                    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                    @Override
                    public X509Certificate[] getAcceptedIssuers() {
                        return new X509Certificate[0];
                    }
                };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e, e);
        }
    }

    private static SSLParameters withoutHostnameCheck() {
        SSLParameters parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm(null);
        return parameters;
    }
}
