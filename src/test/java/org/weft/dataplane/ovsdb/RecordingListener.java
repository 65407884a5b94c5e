package org.weft.dataplane.ovsdb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Records what a client tells its listeners, for tests to wait on and assert. */
final class RecordingListener implements OvsdbListener {
    private final List<RowChange> changes = new ArrayList<>();
    private final List<SessionState> states = new ArrayList<>();
    private int rebuilds;

    @Override
    public synchronized void rowsChanged(List<RowChange> batch) {
        changes.addAll(batch);
        notifyAll();
    }

    @Override
    public synchronized void replicaRebuilt(Replica replica) {
        rebuilds++;
        notifyAll();
    }

    @Override
    public synchronized void stateChanged(SessionState state) {
        states.add(state);
        notifyAll();
    }

    synchronized List<SessionState> states() {
        return List.copyOf(states);
    }

    synchronized int rebuilds() {
        return rebuilds;
    }

    synchronized void clear() {
        changes.clear();
        states.clear();
    }

    /** Waits for a change that {@code wanted} accepts and returns it. */
    synchronized RowChange awaitChange(Predicate<RowChange> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            for (RowChange change : changes) {
                if (wanted.test(change)) {
                    return change;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no such change among " + changes);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    synchronized void awaitState(SessionState state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!states.contains(state)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("never reached " + state + ": " + states);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    static Predicate<RowChange> rowOf(String table, RowChange.Kind kind, String name) {
        return change ->
                change.table().equals(table)
                        && change.kind() == kind
                        && (change.current().or(change::old))
                                .map(row -> name.equals(row.columns().get("name")))
                                .orElse(false);
    }
}
