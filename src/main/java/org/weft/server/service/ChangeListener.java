package org.weft.server.service;

/**
 * Told about every committed change of a resource, on the thread that committed it, in commit order
 * per request. The messaging layer implements this to notify agents; a listener must return quickly
 * (queue, do not send synchronously) and must not throw: a failing listener is logged and the
 * others still run.
 */
public interface ChangeListener {
    default void networkChanged(Change<Network> change) {}

    default void subnetChanged(Change<Subnet> change) {}

    default void portChanged(Change<Port> change) {}

    /**
     * Any resource's change, including the three above, named by its resource name ({@code
     * network}, {@code port}, {@code router}, ...). Resource types added later report here first.
     */
    default void resourceChanged(String resource, Change<? extends StandardResource> change) {}
}
