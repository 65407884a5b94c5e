package org.weft.server.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.weft.server.Errors;
import org.weft.server.NotFoundException;
import org.weft.server.policy.Caller;
import org.weft.store.DocumentTable;
import org.weft.store.Documents;
import org.weft.store.Selection;
import org.weft.store.Transaction;

/**
 * One type of resource kept in a {@link DocumentTable}: its names, who may see which rows, and how
 * its changes are published. The generic parts of the API (lists, tags, revision checks) work on
 * any registered kind; later resource types (routers, security groups...) register theirs.
 *
 * @param <T> the resource's record type
 */
public abstract class ResourceKind<T extends StandardResource> {
    private final String name;
    private final String collection;
    private final String displayName;
    private final DocumentTable<T> table;

    /**
     * @param name the resource's name ({@code network})
     * @param collection the collection's name in URLs ({@code networks})
     * @param displayName the name in error types and messages ({@code Network})
     */
    protected ResourceKind(
            String name, String collection, String displayName, DocumentTable<T> table) {
        this.name = name;
        this.collection = collection;
        this.displayName = displayName;
        this.table = table;
    }

    public String name() {
        return name;
    }

    public String collection() {
        return collection;
    }

    public String displayName() {
        return displayName;
    }

    public DocumentTable<T> table() {
        return table;
    }

    /** Whether {@code caller} may see {@code resource} at all. */
    public abstract boolean visibleTo(Caller caller, T resource);

    /** Restricts a list to the rows {@code caller} may see. */
    public abstract void restrictTo(Caller caller, Selection selection);

    /** Publishes a committed change of this kind to the listeners. */
    protected abstract void publish(Transaction tx, Change<T> change);

    public NotFoundException notFound(String id) {
        return Errors.notFound(displayName, id);
    }

    /** The resource with {@code id} if {@code caller} may see it; NotFound otherwise. */
    public T require(Transaction tx, Caller caller, String id) {
        return table.find(tx, id)
                .filter(resource -> visibleTo(caller, resource))
                .orElseThrow(() -> notFound(id));
    }

    /**
     * Stores {@code changed} in place of {@code current} with the revision bumped and the update
     * time set, and publishes the change.
     */
    public T replace(Transaction tx, T current, T changed, java.time.Instant now) {
        ObjectNode document = Documents.tree(changed);
        document.put("revision_number", current.revisionNumber() + 1);
        document.set("updated_at", Documents.MAPPER.valueToTree(now));
        T stored = Documents.fromTree(document, table.type());
        table.replace(tx, stored, current.resourceId(), current.revisionNumber());
        publish(tx, Change.updated(current, stored));
        return stored;
    }

    /** {@code resource} with its tags replaced by {@code tags} (sorted, as Neutron lists them). */
    public T withTags(T resource, List<String> tags) {
        ObjectNode document = Documents.tree(resource);
        document.set("tags", Documents.MAPPER.valueToTree(tags.stream().sorted().toList()));
        return Documents.fromTree(document, table.type());
    }
}
