package org.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.weft.store.Selection;

/**
 * A resource's attributes in the API, in Neutron's attribute-map order (which decides which error a
 * request with several faults gets), plus the standard attributes every resource has.
 */
public final class ResourceSpec {
    private final String name;
    private final String collection;
    private final Map<String, AttributeSpec> attributes = new LinkedHashMap<>();
    private final Map<String, Filter> filters = new LinkedHashMap<>();
    private final Map<String, String> sortColumns = new LinkedHashMap<>();
    private final List<String> createOrder = new ArrayList<>();
    private final Map<String, JsonNode> createExtras = new LinkedHashMap<>();
    private java.util.function.Predicate<JsonNode> createOrderApplies = document -> true;

    /**
     * @param name the member name, the key of a single resource's body ({@code network})
     * @param collection the collection name, in URLs and list bodies ({@code networks})
     */
    public ResourceSpec(String name, String collection) {
        this.name = name;
        this.collection = collection;
    }

    public ResourceSpec add(AttributeSpec attribute) {
        attributes.put(attribute.name(), attribute);
        attribute.filter().ifPresent(filter -> filters.put(attribute.name(), filter));
        attribute.sortColumn().ifPresent(column -> sortColumns.put(attribute.name(), column));
        return this;
    }

    /** A list filter that is no attribute of the resource ({@code tags-any}). */
    public ResourceSpec addFilter(String parameter, Filter filter) {
        filters.put(parameter, filter);
        return this;
    }

    public Optional<Filter> filter(String parameter) {
        return Optional.ofNullable(filters.get(parameter));
    }

    public Optional<String> sortColumn(String attribute) {
        return Optional.ofNullable(sortColumns.get(attribute));
    }

    /** Adds {@code id}, {@code tenant_id}, {@code project_id} and the other standard ones. */
    public ResourceSpec addStandard() {
        add(AttributeSpec.named("id").column("id", Filter.Kind.TEXT));
        add(
                AttributeSpec.named("tenant_id")
                        .post()
                        .validate(Validators.string(255))
                        .column("project_id", Filter.Kind.TEXT));
        add(
                AttributeSpec.named("project_id")
                        .post()
                        .validate(Validators.string(255))
                        .column("project_id", Filter.Kind.TEXT));
        add(
                AttributeSpec.named("description")
                        .post()
                        .put()
                        .validate(Validators.string(255))
                        .column("description", Filter.Kind.TEXT));
        add(AttributeSpec.named("created_at").column("created_at", Filter.Kind.TEXT));
        add(AttributeSpec.named("updated_at").column("updated_at", Filter.Kind.TEXT));
        add(AttributeSpec.named("revision_number").column("revision_number", Filter.Kind.INTEGER));
        add(AttributeSpec.named("tags").filter(Tagged.ALL));
        addFilter("tags-any", Tagged.ANY);
        addFilter("not-tags", Tagged.NOT_ALL);
        addFilter("not-tags-any", Tagged.NOT_ANY);
        return this;
    }

    /**
     * The key order of a create's response where the reference's differs from a show's, and values
     * only a create shows (the reference shows {@code is_default} on a network create).
     */
    public ResourceSpec createOrder(List<String> order, Map<String, JsonNode> extras) {
        createOrder.addAll(order);
        createExtras.putAll(extras);
        return this;
    }

    public String name() {
        return name;
    }

    public String collection() {
        return collection;
    }

    /**
     * The key of a list body ({@code security_groups}): the collection's name with underscores
     * where its URL has hyphens, as Neutron writes it.
     */
    public String listKey() {
        return collection.replace('-', '_');
    }

    public Optional<AttributeSpec> attribute(String attribute) {
        return Optional.ofNullable(attributes.get(attribute));
    }

    public Iterable<AttributeSpec> attributes() {
        return attributes.values();
    }

    /**
     * Limits the create order to created resources matching {@code applies}: the reference shows a
     * port bound to a host in its show order, having read it back after binding.
     */
    public ResourceSpec createOrderOnlyWhen(java.util.function.Predicate<JsonNode> applies) {
        this.createOrderApplies = applies;
        return this;
    }

    /** Whether a created resource is shown in the create order rather than the show order. */
    public boolean createOrderApplies(JsonNode document) {
        return !createOrder.isEmpty() && createOrderApplies.test(document);
    }

    public List<String> createOrder() {
        return createOrder;
    }

    public Map<String, JsonNode> createExtras() {
        return createExtras;
    }

    /** Filters on the tags of {@code resource_tags}. */
    enum Tagged implements Filter {
        ALL,
        ANY,
        NOT_ALL,
        NOT_ANY;

        @Override
        public void apply(
                Selection selection, List<String> values, org.weft.server.policy.Caller caller) {
            List<String> tags = new ArrayList<>();
            for (String value : values) {
                for (String tag : value.split(",")) {
                    if (!tag.isEmpty()) {
                        tags.add(tag);
                    }
                }
            }
            if (tags.isEmpty()) {
                return;
            }
            String in = "?, ".repeat(tags.size() - 1) + "?";
            String any = "SELECT resource_id FROM resource_tags WHERE tag IN (" + in + ")";
            String all = any + " GROUP BY resource_id HAVING COUNT(*) = " + tags.size();
            String query = this == ALL || this == NOT_ALL ? all : any;
            String negation = this == NOT_ALL || this == NOT_ANY ? "NOT " : "";
            selection.where("id " + negation + "IN (" + query + ")", tags.toArray());
        }
    }
}
