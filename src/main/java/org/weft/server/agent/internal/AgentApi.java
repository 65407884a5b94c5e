package org.weft.server.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.weft.server.Errors;
import org.weft.server.agent.Agent;
import org.weft.server.agent.AgentId;
import org.weft.server.agent.AgentRegistry;
import org.weft.server.api.ApiRequest;
import org.weft.server.api.ApiResponse;
import org.weft.server.api.AttributeSpec;
import org.weft.server.api.CollectionHandler;
import org.weft.server.api.Extension;
import org.weft.server.api.ResourceSpec;
import org.weft.server.api.Router;
import org.weft.server.api.SubCollection;
import org.weft.server.api.Validators;
import org.weft.server.api.internal.Bodies;
import org.weft.server.service.Attributes;
import org.weft.store.Documents;

/**
 * {@code /v2.0/agents}: list (filters on any attribute, {@code alive} included, {@code fields},
 * {@code sort_key}/{@code sort_dir}, {@code limit}/{@code marker}/{@code page_reverse}), show,
 * update of {@code admin_state_up} and {@code description}, and delete. Agents are created by their
 * own heartbeats only. A deployment has tens to hundreds of agents, so lists are filtered, sorted
 * and paged in memory, where {@code alive} is computed.
 */
public final class AgentApi implements CollectionHandler {
    /** The {@code agent} extension, as {@code /v2.0/extensions} lists it. */
    public static final Extension EXTENSION =
            new Extension(
                    "agent",
                    "agent",
                    "The agent management extension.",
                    "2013-02-03T10:00:00-00:00");

    /** Neutron shows agent timestamps as the database holds them: UTC, to the second. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** The attributes in the order Neutron shows them; all but configurations filter and sort. */
    private static final List<String> ATTRIBUTES =
            List.of(
                    "id",
                    "agent_type",
                    "binary",
                    "topic",
                    "host",
                    "admin_state_up",
                    "created_at",
                    "started_at",
                    "heartbeat_timestamp",
                    "alive",
                    "configurations",
                    "description",
                    "availability_zone",
                    "resources_synced");

    private static final Set<String> CONTROL =
            Set.of("fields", "sort_key", "sort_dir", "limit", "marker", "page_reverse");

    private static final ResourceSpec UPDATE =
            new ResourceSpec("agent", "agents")
                    .add(AttributeSpec.named("admin_state_up").put().validate(Validators.BOOLEAN))
                    .add(
                            AttributeSpec.named("description")
                                    .put()
                                    .validate(Validators.stringOrNull(255)));

    private final AgentRegistry registry;
    private final Map<String, SubCollection> subCollections =
            new java.util.concurrent.ConcurrentHashMap<>();

    public AgentApi(AgentRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String collection() {
        return "agents";
    }

    @Override
    public String member() {
        return "agent";
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        List<String> path = request.path();
        if (path.isEmpty()) {
            if (!request.method().equals("GET")) {
                throw Router.methodNotAllowed();
            }
            return list(request);
        }
        SubCollection subCollection = path.size() > 1 ? subCollections.get(path.get(1)) : null;
        if (subCollection != null) {
            return subCollection.handle(request, path.get(0), path.subList(2, path.size()));
        }
        if (path.size() != 1) {
            throw Router.notFound();
        }
        AgentId id = new AgentId(path.get(0));
        return switch (request.method()) {
            case "GET" -> member(200, view(registry.show(request.caller(), id)), fields(request));
            case "PUT" -> update(request, id);
            case "DELETE" -> {
                registry.delete(request.caller(), id);
                yield ApiResponse.noContent();
            }
            default -> throw Router.methodNotAllowed();
        };
    }

    private ApiResponse update(ApiRequest request, AgentId id) {
        Attributes changes = Bodies.forUpdate(UPDATE, request.json());
        Optional<Boolean> adminStateUp =
                changes.has("admin_state_up")
                        ? Optional.of(changes.bool("admin_state_up", true))
                        : Optional.empty();
        Optional<String> description =
                changes.has("description")
                        ? Optional.of(changes.string("description", ""))
                        : Optional.empty();
        Agent updated = registry.update(request.caller(), id, adminStateUp, description);
        return member(200, view(updated), Set.of());
    }

    private ApiResponse list(ApiRequest request) {
        Map<String, List<String>> filters = filters(request);
        List<ObjectNode> views = new ArrayList<>();
        for (Agent agent : registry.list(request.caller())) {
            ObjectNode view = view(agent);
            if (matches(view, filters)) {
                views.add(view);
            }
        }
        views.sort(order(request));
        Page page = Page.of(request, views);
        Set<String> fields = fields(request);
        ObjectNode body = Documents.MAPPER.createObjectNode();
        ArrayNode agents = body.putArray("agents");
        page.views().forEach(view -> agents.add(shown(view, fields)));
        if (!page.links().isEmpty()) {
            body.set("agents_links", Documents.MAPPER.valueToTree(page.links()));
        }
        return ApiResponse.json(200, body);
    }

    /** Adds {@code /v2.0/agents/{id}/{name}}, answered by {@code subCollection}. */
    public AgentApi subCollection(SubCollection subCollection) {
        subCollections.put(subCollection.name(), subCollection);
        return this;
    }

    /** How Neutron shows an agent. */
    public ObjectNode view(Agent agent) {
        ObjectNode view = Documents.MAPPER.createObjectNode();
        view.put("id", agent.id().value());
        view.put("agent_type", agent.agentType());
        view.put("binary", agent.binary());
        view.put("topic", agent.topic());
        view.put("host", agent.host());
        view.put("admin_state_up", agent.adminStateUp());
        view.put("created_at", timestamp(agent.createdAt()));
        view.put("started_at", timestamp(agent.startedAt()));
        view.put("heartbeat_timestamp", timestamp(agent.heartbeatTimestamp()));
        view.put("alive", registry.isAlive(agent));
        view.set("configurations", Documents.MAPPER.valueToTree(agent.configurations()));
        view.put("description", agent.description().orElse(null));
        view.put("availability_zone", agent.availabilityZone().orElse(null));
        view.set(
                "resources_synced",
                agent.resourcesSynced()
                        .<JsonNode>map(
                                synced -> Documents.MAPPER.getNodeFactory().booleanNode(synced))
                        .orElse(Documents.MAPPER.getNodeFactory().nullNode()));
        return view;
    }

    private static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    private static ApiResponse member(int status, ObjectNode view, Set<String> fields) {
        ObjectNode body = Documents.MAPPER.createObjectNode();
        body.set("agent", shown(view, fields));
        return ApiResponse.json(status, body);
    }

    private static ObjectNode shown(ObjectNode view, Set<String> fields) {
        if (!fields.isEmpty()) {
            view.retain(fields);
        }
        return view;
    }

    private static Set<String> fields(ApiRequest request) {
        return new LinkedHashSet<>(request.queryValues("fields"));
    }

    /** The filters of a list, by attribute; a repeated parameter's values are alternatives. */
    private static Map<String, List<String>> filters(ApiRequest request) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        List<String> invalid = new ArrayList<>();
        for (Map.Entry<String, String> parameter : request.query()) {
            String name = parameter.getKey();
            if (CONTROL.contains(name)) {
                continue;
            }
            if (!ATTRIBUTES.contains(name) || name.equals("configurations")) {
                invalid.add("'" + name + "'");
                continue;
            }
            filters.computeIfAbsent(name, key -> new ArrayList<>()).add(parameter.getValue());
        }
        if (!invalid.isEmpty()) {
            throw Errors.badRequest(
                    "[" + String.join(", ", invalid) + "] is invalid attribute for filtering");
        }
        return filters;
    }

    private static boolean matches(ObjectNode view, Map<String, List<String>> filters) {
        for (Map.Entry<String, List<String>> filter : filters.entrySet()) {
            String value = textOf(view.get(filter.getKey()));
            boolean any = false;
            for (String wanted : filter.getValue()) {
                any |=
                        view.get(filter.getKey()).isBoolean()
                                ? value.equalsIgnoreCase(wanted)
                                : value.equals(wanted);
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private static String textOf(JsonNode value) {
        return value == null || value.isNull() ? "" : value.asText();
    }

    /** The order of {@code sort_key}/{@code sort_dir} pairs, then by id. */
    private static Comparator<ObjectNode> order(ApiRequest request) {
        List<String> keys = request.queryValues("sort_key");
        List<String> directions = request.queryValues("sort_dir");
        if (keys.size() != directions.size()) {
            throw Errors.badRequest("The number of sort_keys and sort_dirs must be same");
        }
        Comparator<ObjectNode> order = (a, b) -> 0;
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            if (!ATTRIBUTES.contains(key) || key.equals("configurations")) {
                throw Errors.badRequest("['" + key + "'] is invalid attribute for sort_keys");
            }
            Comparator<ObjectNode> byKey = Comparator.comparing(view -> textOf(view.get(key)));
            order =
                    switch (directions.get(i).toLowerCase(Locale.ROOT)) {
                        case "asc" -> order.thenComparing(byKey);
                        case "desc" -> order.thenComparing(byKey.reversed());
                        default ->
                                throw Errors.badRequest(
                                        "['"
                                                + directions.get(i)
                                                + "'] is invalid value for sort_dirs, valid value"
                                                + " is 'asc' and 'desc'");
                    };
        }
        return order.thenComparing(view -> view.get("id").asText());
    }

    /** One page of a sorted list, and the links to its neighbours. */
    private record Page(List<ObjectNode> views, List<ObjectNode> links) {
        static Page of(ApiRequest request, List<ObjectNode> sorted) {
            int limit = limit(request.queryValues("limit"));
            List<String> markers = request.queryValues("marker");
            List<String> reverse = request.queryValues("page_reverse");
            boolean backwards =
                    !reverse.isEmpty() && reverse.get(reverse.size() - 1).equalsIgnoreCase("true");
            List<ObjectNode> rows = new ArrayList<>(sorted);
            if (backwards) {
                Collections.reverse(rows);
            }
            if (!markers.isEmpty()) {
                rows = after(rows, markers.get(markers.size() - 1));
            }
            if (limit > 0 && rows.size() > limit) {
                rows = rows.subList(0, limit);
            }
            List<ObjectNode> page = new ArrayList<>(rows);
            if (backwards) {
                Collections.reverse(page);
            }
            return new Page(page, links(request, page, limit, backwards));
        }

        private static List<ObjectNode> after(List<ObjectNode> rows, String marker) {
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).get("id").asText().equals(marker)) {
                    return rows.subList(i + 1, rows.size());
                }
            }
            throw AgentRegistry.notFound(new AgentId(marker));
        }

        private static int limit(List<String> values) {
            if (values.isEmpty()) {
                return 0;
            }
            String value = values.get(values.size() - 1);
            try {
                int limit = Integer.parseInt(value);
                if (limit >= 0) {
                    return limit;
                }
            } catch (NumberFormatException e) {
                // Refused below in Neutron's words.
            }
            throw Errors.badRequest(
                    "Bad limit request: Limit must be an integer 0 or greater and not '"
                            + value
                            + "'.");
        }

        /**
         * A next link unless a forward page came out short, a previous one unless a backward did.
         */
        private static List<ObjectNode> links(
                ApiRequest request, List<ObjectNode> page, int limit, boolean backwards) {
            List<ObjectNode> links = new ArrayList<>();
            if (limit == 0 || page.isEmpty()) {
                return links;
            }
            boolean shortPage = page.size() < limit;
            if (!(shortPage && !backwards)) {
                links.add(link(request, "next", page.get(page.size() - 1), false));
            }
            if (!(shortPage && backwards)) {
                links.add(link(request, "previous", page.get(0), true));
            }
            return links;
        }

        private static ObjectNode link(
                ApiRequest request, String rel, ObjectNode marker, boolean backwards) {
            StringBuilder href = new StringBuilder(request.baseUrl()).append("/v2.0/agents");
            String separator = "?";
            for (Map.Entry<String, String> parameter : request.query()) {
                if (!parameter.getKey().equals("marker")
                        && !parameter.getKey().equals("page_reverse")) {
                    href.append(separator)
                            .append(encode(parameter.getKey()))
                            .append('=')
                            .append(encode(parameter.getValue()));
                    separator = "&";
                }
            }
            href.append(separator).append("marker=").append(encode(marker.get("id").asText()));
            if (backwards) {
                href.append("&page_reverse=True");
            }
            ObjectNode link = Documents.MAPPER.createObjectNode();
            link.put("rel", rel);
            link.put("href", href.toString());
            return link;
        }

        private static String encode(String text) {
            return URLEncoder.encode(text, StandardCharsets.UTF_8);
        }
    }
}
