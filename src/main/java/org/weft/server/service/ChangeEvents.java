package org.weft.server.service;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.store.Transaction;

/** Hands committed changes to the registered {@link ChangeListener}s, after the commit. */
public final class ChangeEvents {
    private static final Logger log = LoggerFactory.getLogger(ChangeEvents.class);

    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();

    public void register(ChangeListener listener) {
        listeners.add(listener);
    }

    public void unregister(ChangeListener listener) {
        listeners.remove(listener);
    }

    void network(Transaction tx, Change<Network> change) {
        tx.afterCommit(() -> each("network", change, l -> l.networkChanged(change)));
    }

    void subnet(Transaction tx, Change<Subnet> change) {
        tx.afterCommit(() -> each("subnet", change, l -> l.subnetChanged(change)));
    }

    void port(Transaction tx, Change<Port> change) {
        tx.afterCommit(() -> each("port", change, l -> l.portChanged(change)));
    }

    /** Publishes a change of a resource type that has no method of its own on the listener. */
    public void publish(
            Transaction tx, String resource, Change<? extends StandardResource> change) {
        tx.afterCommit(() -> each(resource, change, l -> {}));
    }

    private void each(
            String resource,
            Change<? extends StandardResource> change,
            java.util.function.Consumer<ChangeListener> typed) {
        for (ChangeListener listener : listeners) {
            try {
                typed.accept(listener);
                listener.resourceChanged(resource, change);
            } catch (RuntimeException e) {
                log.warn(
                        "change listener failed: listener={} {}={} change={}",
                        listener,
                        resource,
                        change.latest().resourceId(),
                        change.kind(),
                        e);
            }
        }
    }
}
