package org.weft.server.api;

import java.util.Optional;
import org.weft.server.policy.Access;

/**
 * One attribute of a resource in the API, as Neutron's attribute maps describe it: whether a create
 * or update may set it, whether a create must, how its value is converted and checked, who sees it,
 * and how lists filter and sort on it.
 */
public final class AttributeSpec {
    private final String name;
    private boolean allowPost;
    private boolean allowPut;
    private boolean required;
    private Validator validator = Validators.ANY;
    private Access read = Access.ANYONE;
    private Filter filter;
    private String sortColumn;

    private AttributeSpec(String name) {
        this.name = name;
    }

    /** A read-only attribute named {@code name}; the builder methods add the rest. */
    public static AttributeSpec named(String name) {
        return new AttributeSpec(name);
    }

    /** A create may set it (and need not: the service has a default). */
    public AttributeSpec post() {
        this.allowPost = true;
        return this;
    }

    /** A create must set it. */
    public AttributeSpec required() {
        this.allowPost = true;
        this.required = true;
        return this;
    }

    /** An update may change it. */
    public AttributeSpec put() {
        this.allowPut = true;
        return this;
    }

    public AttributeSpec validate(Validator validator) {
        this.validator = validator;
        return this;
    }

    /** Only administrators see it. */
    public AttributeSpec adminOnly() {
        this.read = Access.ADMIN;
        return this;
    }

    /** Lists filter on it with {@code filter}. */
    public AttributeSpec filter(Filter filter) {
        this.filter = filter;
        return this;
    }

    /** Lists filter on it by {@code column} and may sort by it. */
    public AttributeSpec column(String column, Filter.Kind kind) {
        this.filter = Filter.column(column, kind);
        this.sortColumn = column;
        return this;
    }

    public String name() {
        return name;
    }

    public boolean allowPost() {
        return allowPost;
    }

    public boolean allowPut() {
        return allowPut;
    }

    public boolean isRequired() {
        return required;
    }

    public Validator validator() {
        return validator;
    }

    public Access read() {
        return read;
    }

    public Optional<Filter> filter() {
        return Optional.ofNullable(filter);
    }

    public Optional<String> sortColumn() {
        return Optional.ofNullable(sortColumn);
    }
}
