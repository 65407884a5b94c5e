package org.weft.server.api.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.weft.server.BadRequestException;
import org.weft.server.Errors;
import org.weft.server.api.ApiRequest;
import org.weft.server.api.Filter;
import org.weft.server.api.ResourceSpec;
import org.weft.server.policy.Caller;
import org.weft.server.service.ResourceKind;
import org.weft.store.Documents;
import org.weft.store.Selection;
import org.weft.store.Transaction;

/**
 * A list request's parameters as Neutron reads them: filters (a repeated key means any of its
 * values), {@code fields}, {@code sort_key}/{@code sort_dir} pairs, and {@code limit}, {@code
 * marker} and {@code page_reverse} for pages, with the {@code _links} that lead to the next and
 * previous pages.
 */
public final class ListQuery {
    private static final Set<String> CONTROL =
            Set.of("fields", "sort_key", "sort_dir", "limit", "marker", "page_reverse");

    private final ResourceSpec spec;
    private final ApiRequest request;
    private final Map<String, List<String>> filters = new LinkedHashMap<>();
    private final Set<String> fields = new LinkedHashSet<>();
    private final List<String> sortColumns = new ArrayList<>();
    private final List<Boolean> ascending = new ArrayList<>();
    private final int limit;
    private final String marker;
    private final boolean pageReverse;

    public ListQuery(ResourceSpec spec, ApiRequest request) {
        this.spec = spec;
        this.request = request;
        for (Map.Entry<String, String> parameter : request.query()) {
            if (!CONTROL.contains(parameter.getKey())) {
                filters.computeIfAbsent(parameter.getKey(), k -> new ArrayList<>())
                        .add(parameter.getValue());
            }
        }
        fields.addAll(request.queryValues("fields"));
        this.limit = limitOf(request.queryValues("limit"));
        List<String> markers = request.queryValues("marker");
        this.marker = markers.isEmpty() ? null : markers.get(markers.size() - 1);
        List<String> reverse = request.queryValues("page_reverse");
        this.pageReverse =
                !reverse.isEmpty() && reverse.get(reverse.size() - 1).equalsIgnoreCase("true");
        readSorts(request.queryValues("sort_key"), request.queryValues("sort_dir"));
        checkFilters();
    }

    private static int limitOf(List<String> values) {
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
            // Reported below in the reference's words.
        }
        throw new BadRequestException(
                "BadRequest",
                "Bad limit request: Limit must be an integer 0 or greater and not '"
                        + value
                        + "'.");
    }

    private void readSorts(List<String> keys, List<String> directions) {
        if (keys.size() != directions.size()) {
            throw Errors.badRequest("The number of sort_keys and sort_dirs must be same");
        }
        List<String> invalidKeys = new ArrayList<>();
        for (String key : keys) {
            spec.sortColumn(key).ifPresentOrElse(sortColumns::add, () -> invalidKeys.add(key));
        }
        if (!invalidKeys.isEmpty()) {
            throw Errors.badRequest(
                    pythonList(invalidKeys) + " is invalid attribute for sort_keys");
        }
        List<String> invalidDirections = new ArrayList<>();
        for (String direction : directions) {
            switch (direction.toLowerCase(Locale.ROOT)) {
                case "asc" -> ascending.add(true);
                case "desc" -> ascending.add(false);
                default -> invalidDirections.add(direction);
            }
        }
        if (!invalidDirections.isEmpty()) {
            throw Errors.badRequest(
                    pythonList(invalidDirections)
                            + " is invalid value for sort_dirs, valid value is 'asc' and 'desc'");
        }
        if (!sortColumns.contains("id")) {
            sortColumns.add("id");
            ascending.add(true);
        }
    }

    private void checkFilters() {
        List<String> invalid = new ArrayList<>();
        for (String name : filters.keySet()) {
            if (spec.filter(name).isEmpty()) {
                invalid.add(name);
            }
        }
        if (!invalid.isEmpty()) {
            throw Errors.badRequest(pythonList(invalid) + " is invalid attribute for filtering");
        }
    }

    private static String pythonList(List<String> items) {
        List<String> quoted = new ArrayList<>();
        items.forEach(item -> quoted.add("'" + item + "'"));
        return "[" + String.join(", ", quoted) + "]";
    }

    public Set<String> fields() {
        return fields;
    }

    /** The selection of this list for {@code caller}, the marker resolved in {@code tx}. */
    public Selection selection(Transaction tx, ResourceKind<?> kind, Caller caller) {
        Selection selection = new Selection();
        kind.restrictTo(caller, selection);
        for (Map.Entry<String, List<String>> filter : filters.entrySet()) {
            Filter rule = spec.filter(filter.getKey()).orElseThrow();
            rule.apply(selection, filter.getValue(), caller);
        }
        if (marker != null) {
            afterMarker(tx, kind, caller, selection);
        }
        for (int i = 0; i < sortColumns.size(); i++) {
            selection.orderBy(sortColumns.get(i), ascending.get(i) != pageReverse);
        }
        return selection.limit(limit);
    }

    /** Rows after the marker in sort order (before it when paging backwards). */
    private void afterMarker(
            Transaction tx, ResourceKind<?> kind, Caller caller, Selection selection) {
        kind.require(tx, caller, marker);
        List<Object> markerValues =
                tx.queryOne(
                                "SELECT "
                                        + String.join(", ", sortColumns)
                                        + " FROM "
                                        + kind.table().name()
                                        + " WHERE id = ?",
                                row -> {
                                    List<Object> values = new ArrayList<>();
                                    for (int i = 1; i <= sortColumns.size(); i++) {
                                        values.add(row.getObject(i));
                                    }
                                    return values;
                                },
                                marker)
                        .orElseThrow(() -> kind.notFound(marker));
        List<String> alternatives = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        for (int i = 0; i < sortColumns.size(); i++) {
            StringBuilder condition = new StringBuilder();
            for (int j = 0; j < i; j++) {
                condition.append(sortColumns.get(j)).append(" = ? AND ");
                args.add(markerValues.get(j));
            }
            boolean forward = ascending.get(i) != pageReverse;
            condition.append(sortColumns.get(i)).append(forward ? " > ?" : " < ?");
            args.add(markerValues.get(i));
            alternatives.add(condition.toString());
        }
        selection.where(String.join(" OR ", alternatives), args.toArray());
    }

    /** The page in display order: a backwards page is read backwards, then turned round. */
    public List<String> inDisplayOrder(List<String> documents) {
        if (pageReverse) {
            java.util.Collections.reverse(documents);
        }
        return documents;
    }

    /**
     * The links of a page, as the reference makes them: a next link unless a forward page came out
     * short, a previous link unless a backward page did.
     */
    public List<ObjectNode> links(List<String> ids) {
        List<ObjectNode> links = new ArrayList<>();
        if (limit == 0 || ids.isEmpty()) {
            return links;
        }
        boolean shortPage = ids.size() < limit;
        if (!(shortPage && !pageReverse)) {
            links.add(link("next", ids.get(ids.size() - 1), false));
        }
        if (!(shortPage && pageReverse)) {
            links.add(link("previous", ids.get(0), true));
        }
        return links;
    }

    private ObjectNode link(String rel, String markerId, boolean reverse) {
        StringBuilder href =
                new StringBuilder(request.baseUrl()).append("/v2.0/").append(spec.collection());
        String separator = "?";
        for (Map.Entry<String, String> parameter : request.query()) {
            if (parameter.getKey().equals("marker") || parameter.getKey().equals("page_reverse")) {
                continue;
            }
            href.append(separator)
                    .append(encode(parameter.getKey()))
                    .append('=')
                    .append(encode(parameter.getValue()));
            separator = "&";
        }
        href.append(separator).append("marker=").append(encode(markerId));
        if (reverse) {
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
