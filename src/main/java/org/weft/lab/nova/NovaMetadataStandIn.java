package org.weft.lab.nova;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.agent.metadata.Instance;
import org.weft.agent.metadata.InstanceSignature;

/**
 * A Nova metadata server for the lab: it checks a proxied request as Nova's metadata handler does
 * with {@code service_metadata_proxy} on, and answers for the instances it was told about.
 *
 * <p>The checks, in Nova's order: {@code X-Instance-ID} and {@code X-Tenant-ID} present once each
 * (else 400); {@code X-Instance-ID-Signature} equal, in constant time, to the HMAC-SHA256 of the
 * instance id under the shared secret (else 403); the instance known (else 404) and of that project
 * (else 404). It serves {@code /latest/meta-data/instance-id}, {@code local-ipv4} (the {@code
 * X-Forwarded-For} address), {@code /openstack/latest/meta_data.json} and the listings above them.
 */
public final class NovaMetadataStandIn implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NovaMetadataStandIn.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String sharedSecret;
    private final Map<String, Instance> instances = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Optional<Path> registryFile;
    private volatile FileTime registryReadAt = FileTime.fromMillis(0);

    /** A request as it arrived, for tests that check what the agent sent. */
    public record Received(String path, Map<String, List<String>> headers, int status) {
        /** The values of {@code name}, whatever its case. */
        public List<String> header(String name) {
            List<String> values = new ArrayList<>();
            headers.forEach(
                    (key, list) -> {
                        if (key.equalsIgnoreCase(name)) {
                            values.addAll(list);
                        }
                    });
            return values;
        }
    }

    private NovaMetadataStandIn(
            InetSocketAddress bind, String sharedSecret, Optional<Path> registryFile)
            throws IOException {
        this.sharedSecret = sharedSecret;
        this.registryFile = registryFile;
        this.server = HttpServer.create(bind, 64);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    }

    /**
     * Starts listening on {@code bind}; {@code registryFile}, if given, lists known instances one a
     * line ({@code <instance id> <project id>}) and is read again whenever it changes.
     */
    public static NovaMetadataStandIn start(
            InetSocketAddress bind, String sharedSecret, Optional<Path> registryFile) {
        try {
            NovaMetadataStandIn standIn = new NovaMetadataStandIn(bind, sharedSecret, registryFile);
            standIn.server.start();
            log.info("nova metadata stand-in listening on {}", standIn.address());
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bind, e);
        }
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Makes {@code instance} known, as if Nova had booted it. */
    public void register(Instance instance) {
        instances.put(instance.instanceId(), instance);
    }

    /** The requests received so far, oldest first. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            Reply reply = answer(exchange.getRequestURI().getPath(), exchange.getRequestHeaders());
            received.add(
                    new Received(
                            exchange.getRequestURI().getPath(),
                            copyOf(exchange.getRequestHeaders()),
                            reply.status()));
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private record Reply(int status, String contentType, String body) {
        static Reply text(int status, String body) {
            return new Reply(status, "text/plain; charset=UTF-8", body);
        }
    }

    private Reply answer(String path, Headers headers) {
        if (path.equals("/")) {
            return Reply.text(200, "latest\n");
        }
        List<String> instanceIds = headers.getOrDefault("X-Instance-ID", List.of());
        List<String> tenantIds = headers.getOrDefault("X-Tenant-ID", List.of());
        String signature = headers.getFirst("X-Instance-ID-Signature");
        if (instanceIds.size() != 1 || tenantIds.size() != 1) {
            return Reply.text(400, "X-Instance-ID and X-Tenant-ID must each be given once\n");
        }
        String instanceId = instanceIds.get(0);
        if (signature == null || !InstanceSignature.verify(sharedSecret, instanceId, signature)) {
            log.warn(
                    "X-Instance-ID-Signature does not match for id={} from={}",
                    instanceId,
                    headers.getFirst("X-Forwarded-For"));
            return Reply.text(403, "Invalid proxy request signature.\n");
        }
        Instance instance = known(instanceId).orElse(null);
        if (instance == null || !instance.projectId().equals(tenantIds.get(0))) {
            return Reply.text(404, "no such instance in this project\n");
        }
        return metadata(path, instance, headers.getFirst("X-Forwarded-For"));
    }

    private Reply metadata(String path, Instance instance, String address) {
        String normalized = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return switch (normalized) {
            case "/latest", "/2009-04-04" -> Reply.text(200, "meta-data/\n");
            case "/latest/meta-data", "/2009-04-04/meta-data" ->
                    Reply.text(200, "instance-id\nlocal-ipv4\n");
            case "/latest/meta-data/instance-id", "/2009-04-04/meta-data/instance-id" ->
                    Reply.text(200, instance.instanceId());
            case "/latest/meta-data/local-ipv4", "/2009-04-04/meta-data/local-ipv4" ->
                    Reply.text(200, address == null ? "" : address);
            case "/openstack" -> Reply.text(200, "latest\n");
            case "/openstack/latest" -> Reply.text(200, "meta_data.json\n");
            case "/openstack/latest/meta_data.json" ->
                    new Reply(200, "application/json", metaDataJson(instance));
            default -> Reply.text(404, "no such metadata\n");
        };
    }

    private static String metaDataJson(Instance instance) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("uuid", instance.instanceId());
        document.put("project_id", instance.projectId());
        String id = instance.instanceId();
        document.put("name", "instance-" + id.substring(0, Math.min(8, id.length())));
        try {
            return JSON.writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<Instance> known(String instanceId) {
        registryFile.ifPresent(this::rereadIfChanged);
        return Optional.ofNullable(instances.get(instanceId));
    }

    private synchronized void rereadIfChanged(Path file) {
        try {
            if (!Files.exists(file)) {
                return;
            }
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(registryReadAt)) {
                return;
            }
            for (String line : Files.readAllLines(file)) {
                String[] words = line.strip().split("\\s+");
                if (words.length >= 2 && !words[0].startsWith("#")) {
                    register(new Instance(words[0], words[1]));
                }
            }
            registryReadAt = modified;
        } catch (IOException e) {
            log.warn("cannot read instance registry {}: {}", file, e.toString());
        }
    }

    private static Map<String, List<String>> copyOf(Headers headers) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        return copy;
    }
}
