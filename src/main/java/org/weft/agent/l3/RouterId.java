package org.weft.agent.l3;

/** A router's id, and the names derived from it. */
public record RouterId(String value) {
    /** The prefix of every router namespace's name. */
    public static final String NAMESPACE_PREFIX = "qrouter-";

    public RouterId {
        if (value == null || value.isBlank() || value.contains("/")) {
            throw new IllegalArgumentException("invalid router id: " + value);
        }
    }

    /** The router of namespace {@code name}, if it is a router namespace. */
    public static java.util.Optional<RouterId> ofNamespace(String name) {
        return name.startsWith(NAMESPACE_PREFIX) && name.length() > NAMESPACE_PREFIX.length()
                ? java.util.Optional.of(new RouterId(name.substring(NAMESPACE_PREFIX.length())))
                : java.util.Optional.empty();
    }

    /** {@code qrouter-<id>}. */
    public String namespace() {
        return NAMESPACE_PREFIX + value;
    }

    @Override
    public String toString() {
        return value;
    }
}
