package org.weft.dataplane.ovsdb;

import java.util.List;

/**
 * Told what the replica of an {@link OvsdbClient} learns. Called on the client's session thread, in
 * order: a listener must not block there (hand work to a thread of its own); asynchronous
 * transactions are fine.
 */
public interface OvsdbListener {

    /**
     * Rows of monitored tables changed, as one update from the server. After a reconnect, the
     * differences between the replica before and the database now come as one such call.
     */
    default void rowsChanged(List<RowChange> changes) {}

    /** The replica was rebuilt from the server (on first connect and after every reconnect). */
    default void replicaRebuilt(Replica replica) {}

    default void stateChanged(SessionState state) {}
}
