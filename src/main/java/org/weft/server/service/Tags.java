package org.weft.server.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.weft.server.Errors;
import org.weft.server.NotFoundException;
import org.weft.server.policy.Caller;
import org.weft.store.Transaction;

/**
 * Tags of any resource kind ({@code /v2.0/{collection}/{id}/tags}): kept in {@code resource_tags}
 * for filtering and in the resource's document for showing; changing them bumps the resource's
 * revision, as in Neutron.
 */
public final class Tags {
    private final ServiceContext context;
    private final Map<String, ResourceKind<?>> kinds = new ConcurrentHashMap<>();

    Tags(ServiceContext context) {
        this.context = context;
    }

    /** Makes {@code kind}'s resources taggable under its collection name. */
    public void register(ResourceKind<?> kind) {
        kinds.put(kind.collection(), kind);
    }

    public boolean supports(String collection) {
        return kinds.containsKey(collection);
    }

    static void deleteAll(Transaction tx, String resourceId) {
        tx.update("DELETE FROM resource_tags WHERE resource_id = ?", resourceId);
    }

    public List<String> list(Caller caller, String collection, String id) {
        return context.store.inTransaction(tx -> require(tx, kind(collection), caller, id).tags());
    }

    /** Whether the resource has {@code tag}; NotFound for the tag when it has not. */
    public void check(Caller caller, String collection, String id, String tag) {
        if (!list(caller, collection, id).contains(tag)) {
            throw tagNotFound(tag);
        }
    }

    /** Replaces all tags; returns them as given, as the reference does (shows sort them). */
    public List<String> replace(Caller caller, String collection, String id, List<String> tags) {
        change(caller, collection, id, current -> new ArrayList<>(tags));
        return tags.stream().distinct().toList();
    }

    public void add(Caller caller, String collection, String id, String tag) {
        change(
                caller,
                collection,
                id,
                current -> {
                    List<String> tags = new ArrayList<>(current);
                    if (!tags.contains(tag)) {
                        tags.add(tag);
                    }
                    return tags;
                });
    }

    public void remove(Caller caller, String collection, String id, String tag) {
        change(
                caller,
                collection,
                id,
                current -> {
                    if (!current.contains(tag)) {
                        throw tagNotFound(tag);
                    }
                    List<String> tags = new ArrayList<>(current);
                    tags.remove(tag);
                    return tags;
                });
    }

    public void removeAll(Caller caller, String collection, String id) {
        change(caller, collection, id, current -> List.of());
    }

    private <T extends StandardResource> List<String> change(
            Caller caller,
            String collection,
            String id,
            java.util.function.UnaryOperator<List<String>> edit) {
        @SuppressWarnings("unchecked")
        ResourceKind<T> kind = (ResourceKind<T>) kind(collection);
        return context.store.inTransaction(
                tx -> {
                    T current = require(tx, kind, caller, id);
                    ServiceContext.requireOwner(caller, current, "update_" + kind.name() + "_tags");
                    List<String> tags =
                            edit.apply(current.tags()).stream().distinct().sorted().toList();
                    if (tags.equals(current.tags())) {
                        return tags;
                    }
                    deleteAll(tx, id);
                    List<Object[]> rows = new ArrayList<>();
                    tags.forEach(tag -> rows.add(new Object[] {id, tag}));
                    tx.batch("INSERT INTO resource_tags (resource_id, tag) VALUES (?, ?)", rows);
                    kind.replace(tx, current, kind.withTags(current, tags), context.now());
                    return tags;
                });
    }

    private static <T extends StandardResource> T require(
            Transaction tx, ResourceKind<T> kind, Caller caller, String id) {
        try {
            return kind.require(tx, caller, id);
        } catch (NotFoundException e) {
            throw new NotFoundException(
                    "TagResourceNotFound",
                    "Resource " + kind.collection() + " " + id + " could not be found.");
        }
    }

    private ResourceKind<?> kind(String collection) {
        ResourceKind<?> kind = kinds.get(collection);
        if (kind == null) {
            throw Errors.notFound("Resource", collection);
        }
        return kind;
    }

    private static NotFoundException tagNotFound(String tag) {
        return new NotFoundException("TagNotFound", "Tag " + tag + " could not be found.");
    }
}
