package org.weft.bench.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.weft.bench.HttpConnection;
import org.weft.bench.HttpResponse;

/**
 * The port workload of {@code weft bench api} against one server: on one network with a /21 subnet
 * (as the reference's {@code load.py} does), create ports at each concurrency and delete them, then
 * list a network of {@code listSize} ports; optionally the same list on a network of {@code
 * bigListSize} ports. Quotas are raised through the API first, as an operator would.
 */
public final class PortWorkload {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Map<String, String> HEADERS = NeutronApi.JSON_HEADERS;

    /** How much of everything, for one server. */
    public record Plan(
            int warmup,
            List<Integer> concurrencies,
            Map<Integer, Integer> portsAt,
            int listSize,
            int lists,
            int bigListSize) {}

    private final Target target;
    private final Plan plan;
    private final Consumer<String> progress;
    private final List<PhaseResult> results = new ArrayList<>();
    private final Map<String, String> notes = new LinkedHashMap<>();

    public PortWorkload(Target target, Plan plan, Consumer<String> progress) {
        this.target = target;
        this.plan = plan;
        this.progress = progress;
    }

    /** A server under test: what to call it, where it is, how to read its CPU time. */
    public record Target(String name, URI base, ProcessCpu cpu) {}

    public List<PhaseResult> results() {
        return results;
    }

    /** What happened besides the timed loops (quota answers, list sizes), for the report. */
    public Map<String, String> notes() {
        return notes;
    }

    /** Runs every phase of the plan, recording each timed loop; cleans up what it created. */
    public void run() throws IOException {
        progress.accept(target.name() + " at " + target.base() + ":");
        try (NeutronApi api = new NeutronApi(target.base())) {
            JsonNode network = api.createNetwork("bench-api");
            String networkId = network.path("id").asText();
            String project = network.path("tenant_id").asText();
            raiseQuotas(api, project);
            try {
                JsonNode subnet = api.createSubnet(networkId, "10.250.0.0/21", "bench-api");
                try {
                    warmUp(networkId);
                    createListDelete(networkId);
                } finally {
                    cleanUp(api, networkId, subnet.path("id").asText());
                }
                if (plan.bigListSize() > 0) {
                    bigList(api);
                }
            } finally {
                restoreQuotas(api, project);
            }
        }
    }

    /** The server may be shared: its quotas go back to their defaults after the run. */
    private void restoreQuotas(NeutronApi api, String project) {
        try {
            api.resetQuotas(project);
        } catch (IOException e) {
            progress.accept("  warning: restoring the quotas of " + project + " failed: " + e);
        }
    }

    private void raiseQuotas(NeutronApi api, String project) {
        int ports = plan.bigListSize() + plan.portsAt().values().stream().mapToInt(i -> i).sum();
        try {
            JsonNode quota = api.setQuotas(project, Map.of("port", ports + 1000));
            notes.put("quota", "port quota of " + project + " raised to " + quota.path("port"));
        } catch (IOException e) {
            notes.put("quota", "raising the port quota failed: " + e.getMessage());
            progress.accept("  warning: " + notes.get("quota"));
        }
    }

    private void warmUp(String networkId) {
        LoadLoop loop = loop();
        for (int done = 0; done < plan.warmup(); done += 1000) {
            int batch = Math.min(1000, plan.warmup() - done);
            String[] ids = new String[batch];
            loop.run("warm-up create", batch, 8, create(networkId, "warmup", ids));
            loop.run("warm-up delete", batch, 8, delete(present(ids)));
        }
        if (plan.warmup() > 0) {
            progress.accept("  warmed up with " + plan.warmup() + " port creates and deletes");
        }
    }

    private void createListDelete(String networkId) throws IOException {
        LoadLoop loop = loop();
        List<Integer> levels = plan.concurrencies();
        for (int c : levels) {
            int n = plan.portsAt().get(c);
            String[] ids = new String[n];
            record(loop.run("port create", n, c, create(networkId, "c" + c, ids)));
            List<String> created = present(ids);
            boolean last = c == levels.get(levels.size() - 1);
            if (!last) {
                record(loop.run("port delete", created.size(), c, delete(created)));
                continue;
            }
            List<String> listed = resize(loop, networkId, created, plan.listSize());
            record(listPorts(loop, networkId, listed.size()));
            record(loop.run("port delete", listed.size(), c, delete(listed)));
        }
    }

    /** Grows or shrinks the network's ports to {@code size}, untimed, at concurrency 8. */
    private List<String> resize(LoadLoop loop, String networkId, List<String> ids, int size) {
        List<String> kept = new ArrayList<>(ids);
        if (kept.size() > size) {
            List<String> extra = new ArrayList<>(kept.subList(size, kept.size()));
            kept.subList(size, kept.size()).clear();
            loop.run("trim", extra.size(), 8, delete(extra));
        } else if (kept.size() < size) {
            String[] more = new String[size - kept.size()];
            loop.run("fill", more.length, 8, create(networkId, "fill", more));
            kept.addAll(present(more));
        }
        return kept;
    }

    private PhaseResult listPorts(LoadLoop loop, String networkId, int expected)
            throws IOException {
        String path = "/v2.0/ports?network_id=" + networkId;
        HttpResponse sample;
        try (HttpConnection connection = new HttpConnection(target.base())) {
            sample = connection.send("GET", path, HEADERS);
        }
        int listed = NeutronApi.JSON.readTree(sample.body()).path("ports").size();
        if (sample.status() != 200 || listed != expected) {
            throw new IOException(
                    "listing "
                            + path
                            + " answered "
                            + sample.status()
                            + " with "
                            + listed
                            + " ports, expected "
                            + expected);
        }
        String operation = "port list " + expected;
        notes.put(
                operation,
                String.format("%d ports, %,d bytes per answer", listed, sample.body().length));
        return loop.run(operation, plan.lists(), 1, list(path));
    }

    private void bigList(NeutronApi api) throws IOException {
        LoadLoop loop = loop();
        int n = plan.bigListSize();
        JsonNode network = api.createNetwork("bench-api-big");
        String networkId = network.path("id").asText();
        JsonNode subnet = api.createSubnet(networkId, "10.240.0.0/18", "bench-api-big");
        try {
            String[] ids = new String[n];
            record(loop.run("port create (fill " + n + ")", n, 8, create(networkId, "big", ids)));
            List<String> created = present(ids);
            record(listPorts(loop, networkId, created.size()));
            record(loop.run("port delete (" + n + ")", created.size(), 8, delete(created)));
        } finally {
            cleanUp(api, networkId, subnet.path("id").asText());
        }
    }

    /** Deletes whatever ports are left on the network (after a failure), its subnet, itself. */
    private void cleanUp(NeutronApi api, String networkId, String subnetId) throws IOException {
        List<String> left = api.portIds(networkId);
        if (!left.isEmpty()) {
            loop().run("cleanup", left.size(), 8, delete(left));
        }
        api.delete("/v2.0/subnets/" + subnetId);
        api.delete("/v2.0/networks/" + networkId);
    }

    private void record(PhaseResult result) {
        results.add(result);
        progress.accept(result.line());
    }

    private LoadLoop loop() {
        return new LoadLoop(target.base(), target.name(), target.cpu());
    }

    private static LoadLoop.Step create(String networkId, String tag, String[] ids) {
        return new LoadLoop.Step() {
            @Override
            public byte[] request(HttpConnection connection, int index) {
                String body =
                        "{\"port\": {\"network_id\": \""
                                + networkId
                                + "\", \"name\": \"bench-"
                                + tag
                                + "-"
                                + index
                                + "\"}}";
                return connection.encode(
                        "POST", "/v2.0/ports", HEADERS, body.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public boolean accept(int index, HttpResponse response) {
                if (response.status() != 201) {
                    return false;
                }
                Optional<String> id = portId(response.body());
                id.ifPresent(value -> ids[index] = value);
                return id.isPresent();
            }
        };
    }

    private static LoadLoop.Step delete(List<String> ids) {
        return new LoadLoop.Step() {
            @Override
            public byte[] request(HttpConnection connection, int index) {
                return connection.encode("DELETE", "/v2.0/ports/" + ids.get(index), HEADERS, null);
            }

            @Override
            public boolean accept(int index, HttpResponse response) {
                return response.status() == 204;
            }
        };
    }

    private static LoadLoop.Step list(String path) {
        return new LoadLoop.Step() {
            @Override
            public byte[] request(HttpConnection connection, int index) {
                return connection.encode("GET", path, HEADERS, null);
            }

            @Override
            public boolean accept(int index, HttpResponse response) {
                return response.status() == 200;
            }
        };
    }

    /**
     * The {@code port.id} of a create answer, read with a streaming parser that stops at the id:
     * the generator should not spend more on an answer than it must.
     */
    static Optional<String> portId(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            int depth = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                } else if (token == JsonToken.FIELD_NAME
                        && depth == 2
                        && parser.currentName().equals("id")) {
                    return Optional.ofNullable(parser.nextTextValue());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<String> present(String[] ids) {
        return Arrays.stream(ids).filter(Objects::nonNull).toList();
    }
}
