package org.weft.agent.metadata.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.agent.metadata.Instance;
import org.weft.agent.metadata.InstanceLookup;
import org.weft.agent.metadata.MetadataScope;

/**
 * One metadata request from a proxy: the proxy's scope header and {@code X-Forwarded-For} name the
 * VM, the lookup names the instance, Nova answers.
 *
 * <p>The scope and client address are trusted because only a proxy Weft started can reach the unix
 * socket, and the proxy replaces whatever the VM sent in those headers.
 */
public final class MetadataHandler extends AbstractHandler {
    private static final Logger log = LoggerFactory.getLogger(MetadataHandler.class);

    private final InstanceLookup lookup;
    private final NovaClient nova;

    public MetadataHandler(InstanceLookup lookup, NovaClient nova) {
        this.lookup = lookup;
        this.nova = nova;
    }

    @Override
    public void handle(
            String target,
            Request baseRequest,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        baseRequest.setHandled(true);
        Optional<MetadataScope> scope = scopeOf(request);
        String address = request.getHeader("X-Forwarded-For");
        if (scope.isEmpty() || address == null || address.isBlank()) {
            reply(response, 400, "request lacks the proxy's scope or client address\n");
            return;
        }
        Optional<Instance> instance;
        try {
            instance = lookup.find(scope.get(), address.strip());
        } catch (InstanceLookup.LookupFailedException e) {
            log.warn(
                    "cannot look up the instance {} address={}: {}",
                    scope.get(),
                    address,
                    e.getMessage());
            reply(response, 503, "the instance cannot be looked up now\n");
            return;
        }
        if (instance.isEmpty()) {
            log.info("no instance has address={} {}: 404", address, scope.get());
            reply(response, 404, "no instance has this address\n");
            return;
        }
        forward(request, response, instance.get(), address.strip(), scope.get());
    }

    private void forward(
            HttpServletRequest request,
            HttpServletResponse response,
            Instance instance,
            String address,
            MetadataScope scope)
            throws IOException {
        String pathAndQuery =
                request.getRequestURI()
                        + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        byte[] body = request.getInputStream().readAllBytes();
        NovaClient.Answer answer;
        try {
            answer =
                    nova.forward(
                            request.getMethod(),
                            pathAndQuery,
                            headersOf(request),
                            body,
                            instance,
                            address);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            log.warn(
                    "nova metadata server unreachable at {} for instance={}: {}",
                    nova.base(),
                    instance.instanceId(),
                    e.toString());
            reply(response, 503, "the metadata server is unreachable\n");
            return;
        } catch (HttpTimeoutException e) {
            log.warn(
                    "nova metadata server at {} did not answer in time for instance={}",
                    nova.base(),
                    instance.instanceId());
            reply(response, 504, "the metadata server did not answer in time\n");
            return;
        } catch (IOException e) {
            log.warn(
                    "nova metadata server at {} failed for instance={}: {}",
                    nova.base(),
                    instance.instanceId(),
                    e.toString());
            reply(response, 502, "the metadata server failed\n");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(response, 503, "shutting down\n");
            return;
        }
        report(answer, instance, address, scope);
        response.setStatus(answer.status());
        answer.contentType().ifPresent(response::setContentType);
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }

    private void report(
            NovaClient.Answer answer, Instance instance, String address, MetadataScope scope) {
        if (answer.status() == 403) {
            log.warn(
                    "nova at {} refused the signature of instance={} address={} {}: is"
                            + " metadata_proxy_shared_secret the same here and in Nova?",
                    nova.base(),
                    instance.instanceId(),
                    address,
                    scope);
        } else if (answer.status() >= 500) {
            log.warn(
                    "nova at {} answered {} for instance={}",
                    nova.base(),
                    answer.status(),
                    instance.instanceId());
        } else {
            log.debug(
                    "nova answered {} for instance={} address={} {}",
                    answer.status(),
                    instance.instanceId(),
                    address,
                    scope);
        }
    }

    private static Optional<MetadataScope> scopeOf(HttpServletRequest request) {
        String router = request.getHeader(MetadataScope.Router.HEADER);
        if (router != null && !router.isBlank()) {
            return Optional.of(MetadataScope.router(router.strip()));
        }
        String network = request.getHeader(MetadataScope.Network.HEADER);
        if (network != null && !network.isBlank()) {
            return Optional.of(MetadataScope.network(network.strip()));
        }
        return Optional.empty();
    }

    private static Map<String, List<String>> headersOf(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        return headers;
    }

    private static void reply(HttpServletResponse response, int status, String text)
            throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain; charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
