package org.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.weft.server.Errors;
import org.weft.server.api.internal.Bodies;
import org.weft.server.api.internal.ListQuery;
import org.weft.server.api.internal.Views;
import org.weft.server.policy.Caller;
import org.weft.server.service.Attributes;
import org.weft.server.service.ResourceKind;
import org.weft.server.service.StandardResource;
import org.weft.server.service.Tags;
import org.weft.store.Documents;
import org.weft.store.Store;

/**
 * The HTTP side of one resource type: list (filters, fields, sorting, pages), show, create (201),
 * update, delete (204), its tags and its member actions, with bodies checked against its {@link
 * ResourceSpec} and the work done by its {@link ResourceOperations}.
 *
 * @param <T> the resource's record type
 */
public class ResourceCollection<T extends StandardResource> implements CollectionHandler {
    private final ResourceSpec spec;
    private final ResourceKind<T> kind;
    private final ResourceOperations<T> operations;
    private final Store store;
    private final Tags tags;
    private final Views views;
    private final Map<String, MemberAction> actions = new LinkedHashMap<>();
    private final Map<String, SubCollection> subCollections =
            new java.util.concurrent.ConcurrentHashMap<>();

    public ResourceCollection(
            ResourceSpec spec,
            ResourceKind<T> kind,
            ResourceOperations<T> operations,
            Store store,
            Tags tags) {
        this.spec = spec;
        this.kind = kind;
        this.operations = operations;
        this.store = store;
        this.tags = tags;
        this.views = new Views(spec);
    }

    /** Adds {@code PUT /v2.0/{collection}/{id}/{name}}. */
    public ResourceCollection<T> action(String name, MemberAction action) {
        actions.put(name, action);
        return this;
    }

    /** Adds {@code /v2.0/{collection}/{id}/{name}}, answered by {@code subCollection}. */
    public ResourceCollection<T> subCollection(SubCollection subCollection) {
        subCollections.put(subCollection.name(), subCollection);
        return this;
    }

    /** How {@code caller} sees {@code resource} in a list or a show. */
    public ObjectNode view(Caller caller, T resource) {
        return views.shown(caller, Documents.tree(resource), Set.of());
    }

    public ResourceSpec spec() {
        return spec;
    }

    @Override
    public String collection() {
        return spec.collection();
    }

    @Override
    public String member() {
        return spec.name();
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        List<String> path = request.path();
        String method = request.method();
        if (path.isEmpty()) {
            return switch (method) {
                case "GET" -> list(request);
                case "POST" -> create(request);
                default -> throw Router.methodNotAllowed();
            };
        }
        String id = path.get(0);
        if (path.size() == 1) {
            return switch (method) {
                case "GET" -> show(request, id);
                case "PUT" -> update(request, id);
                case "DELETE" -> delete(request, id);
                default -> throw Router.methodNotAllowed();
            };
        }
        if (path.get(1).equals("tags") && tags.supports(spec.collection()) && path.size() <= 3) {
            return tags(request, id, path.size() == 3 ? path.get(2) : null);
        }
        SubCollection subCollection = subCollections.get(path.get(1));
        if (subCollection != null) {
            return subCollection.handle(request, id, path.subList(2, path.size()));
        }
        MemberAction action = actions.get(path.get(1));
        if (action != null && path.size() == 2) {
            if (!method.equals("PUT")) {
                throw Router.methodNotAllowed();
            }
            return action.handle(request, id);
        }
        throw Router.notFound();
    }

    /** Lists what the caller may see, straight from the stored documents. */
    protected ApiResponse list(ApiRequest request) {
        ListQuery query = new ListQuery(spec, request);
        List<String> ids = new ArrayList<>();
        List<String> documents = new ArrayList<>();
        store.inTransaction(
                tx -> {
                    ids.clear();
                    documents.clear();
                    kind.table()
                            .select(
                                    tx,
                                    query.selection(tx, kind, request.caller()),
                                    (id, document) -> {
                                        ids.add(id);
                                        documents.add(document);
                                    });
                    return null;
                });
        List<String> shown = query.inDisplayOrder(documents);
        List<String> shownIds = query.inDisplayOrder(ids);
        byte[] body = views.list(request.caller(), shown, query.fields(), query.links(shownIds));
        return new ApiResponse(200, body);
    }

    protected ApiResponse show(ApiRequest request, String id) {
        T resource = store.inTransaction(tx -> kind.require(tx, request.caller(), id));
        Set<String> fields = new java.util.LinkedHashSet<>(request.queryValues("fields"));
        return ApiResponse.json(
                200, views.member(request.caller(), Documents.tree(resource), fields));
    }

    protected ApiResponse create(ApiRequest request) {
        Attributes attributes = Bodies.forCreate(spec, request.json());
        T created = operations.create(request.caller(), attributes);
        return ApiResponse.json(201, views.created(request.caller(), Documents.tree(created)));
    }

    protected ApiResponse update(ApiRequest request, String id) {
        Attributes changes = Bodies.forUpdate(spec, request.json());
        T updated = operations.update(request.caller(), id, changes, request.ifMatch());
        return ApiResponse.json(
                200, views.member(request.caller(), Documents.tree(updated), Set.of()));
    }

    protected ApiResponse delete(ApiRequest request, String id) {
        operations.delete(request.caller(), id, request.ifMatch());
        return ApiResponse.noContent();
    }

    /** Shows a resource to the caller, as a member action's answer does. */
    public ObjectNode shown(ApiRequest request, T resource) {
        return views.member(request.caller(), Documents.tree(resource), Set.of());
    }

    private ApiResponse tags(ApiRequest request, String id, String tag) {
        String collection = spec.collection();
        switch (request.method()) {
            case "GET" -> {
                if (tag == null) {
                    return ApiResponse.json(
                            200, tagsBody(tags.list(request.caller(), collection, id)));
                }
                tags.check(request.caller(), collection, id, tag);
                return ApiResponse.noContent();
            }
            case "PUT" -> {
                if (tag == null) {
                    return ApiResponse.json(
                            200,
                            tagsBody(
                                    tags.replace(
                                            request.caller(), collection, id, tagList(request))));
                }
                checkTag(tag);
                tags.add(request.caller(), collection, id, tag);
                return ApiResponse.json(201, "null");
            }
            case "DELETE" -> {
                if (tag == null) {
                    tags.removeAll(request.caller(), collection, id);
                } else {
                    tags.remove(request.caller(), collection, id, tag);
                }
                return ApiResponse.noContent();
            }
            default -> throw Router.methodNotAllowed();
        }
    }

    private static ObjectNode tagsBody(List<String> tags) {
        ObjectNode body = Documents.MAPPER.createObjectNode();
        body.set("tags", Documents.MAPPER.valueToTree(tags));
        return body;
    }

    private static List<String> tagList(ApiRequest request) {
        JsonNode body = request.json();
        JsonNode list = body.isObject() ? body.get("tags") : null;
        if (list == null) {
            throw Errors.badRequest("Unable to find 'tags' in request body");
        }
        if (!list.isArray()) {
            throw Errors.invalidInput("'" + PythonText.str(list) + "' is not a list");
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : list) {
            if (!tag.isTextual()) {
                throw Errors.invalidInput("'" + PythonText.str(tag) + "' is not a valid string");
            }
            checkTag(tag.asText());
            tags.add(tag.asText());
        }
        return tags;
    }

    private static void checkTag(String tag) {
        if (tag.codePointCount(0, tag.length()) > 255) {
            throw Errors.invalidInput("'" + tag + "' exceeds maximum length of 255");
        }
    }
}
