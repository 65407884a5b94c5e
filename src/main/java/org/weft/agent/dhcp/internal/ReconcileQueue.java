package org.weft.agent.dhcp.internal;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Work per key (a network id) on a few threads, never two at once for one key. Marking a key that
 * is being worked on makes it run once more afterwards, however often it was marked meanwhile: a
 * burst of changes to one network becomes one pass over its latest desired state.
 */
public final class ReconcileQueue implements AutoCloseable {
    private final Consumer<String> work;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final Set<String> queuedOrRunning = new HashSet<>();
    private final Set<String> again = new HashSet<>();
    private boolean closed;

    /**
     * @param work what to do for a key; it must not throw
     */
    public ReconcileQueue(String name, int threads, Consumer<String> work) {
        this.work = work;
        this.workers =
                Executors.newFixedThreadPool(
                        threads, Thread.ofPlatform().name(name + "-", 1).daemon().factory());
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().name(name + "-timer").daemon().factory());
    }

    /** Runs the work for {@code key} soon, or once more after the pass under way. */
    public synchronized void mark(String key) {
        if (closed) {
            return;
        }
        if (!queuedOrRunning.add(key)) {
            again.add(key);
            return;
        }
        submit(key);
    }

    /** Marks {@code key} after {@code delay}. */
    public void markLater(String key, Duration delay) {
        try {
            timer.schedule(() -> mark(key), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closed meanwhile: nothing is to be done any more.
        }
    }

    /** Runs {@code task} after {@code delay} on the queue's timer thread. */
    public void schedule(Runnable task, Duration delay) {
        try {
            timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closed meanwhile.
        }
    }

    private void submit(String key) {
        workers.execute(
                () -> {
                    try {
                        work.accept(key);
                    } finally {
                        finished(key);
                    }
                });
    }

    private synchronized void finished(String key) {
        if (again.remove(key) && !closed) {
            submit(key);
            return;
        }
        queuedOrRunning.remove(key);
        notifyAll();
    }

    /** Waits until no work is queued or running; whether that happened within {@code limit}. */
    public synchronized boolean awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!queuedOrRunning.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        timer.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
