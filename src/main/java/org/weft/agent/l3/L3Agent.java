package org.weft.agent.l3;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.metrics.AgentMeters;

/**
 * The l3 agent's reconcile loop: routers in from a {@link RouterSource}, routers out through a
 * {@link RouterDriver}, one change at a time on one thread.
 *
 * <p>Work is coalesced: a burst of updates of one router is one fetch and one {@code ensure}, and a
 * pending full resynchronisation swallows pending updates. A full resynchronisation ensures every
 * router of this agent and removes every router namespace on the host that is not one of them. Any
 * failure (the server unreachable, a command that failed) schedules a full resynchronisation after
 * a growing delay, never a crash.
 *
 * <p>Routers are made one after another on the one thread: a resynchronisation of many routers
 * takes the sum of their times (see {@code weft bench floating-ips} for one router's).
 */
public final class L3Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(L3Agent.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LAST_RETRY = Duration.ofSeconds(60);

    private final RouterDriver driver;
    private final RouterSource source;
    private final RouterFilter filter;
    private final String host;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();
    private final Set<RouterId> updated = new LinkedHashSet<>();
    private final Set<RouterId> deleted = new LinkedHashSet<>();
    private boolean fullSyncWanted;
    private boolean closed;
    private boolean busy;
    private Duration retry = FIRST_RETRY;
    private Thread worker;

    /** An agent whose meters name no host (tests with one agent per process). */
    public L3Agent(RouterDriver driver, RouterSource source, RouterFilter filter) {
        this(driver, source, filter, "");
    }

    /** An agent of {@code host}, the name its meters carry. */
    public L3Agent(RouterDriver driver, RouterSource source, RouterFilter filter, String host) {
        this.driver = driver;
        this.source = source;
        this.filter = filter;
        this.host = host;
    }

    /** Starts the loop with a full resynchronisation. */
    public void start() {
        resynchronize();
        worker = Thread.ofPlatform().name("l3-agent").daemon().start(this::loop);
    }

    /** Asks for a full resynchronisation (at start, after the bus came back, when revived). */
    public void resynchronize() {
        signal(() -> fullSyncWanted = true);
    }

    /** The server says these routers changed. */
    public void routersUpdated(Collection<RouterId> ids) {
        signal(() -> updated.addAll(ids));
    }

    /** The server says this router is gone (or no longer this agent's). */
    public void routerDeleted(RouterId id) {
        signal(() -> deleted.add(id));
    }

    /**
     * Waits until every piece of work asked for so far is done; whether it finished in time. For
     * tests and the benchmark.
     */
    public boolean awaitIdle(Duration limit) throws InterruptedException {
        long left = limit.toNanos();
        lock.lock();
        try {
            while (hasWork() || busy) {
                if (left <= 0) {
                    return false;
                }
                left = workArrived.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        signal(() -> closed = true);
        if (worker != null) {
            try {
                worker.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // The routers keep routing, and their daemons running for the next agent to adopt.
        driver.detach();
    }

    private void signal(Runnable change) {
        lock.lock();
        try {
            change.run();
            workArrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private boolean hasWork() {
        return fullSyncWanted || !updated.isEmpty() || !deleted.isEmpty();
    }

    private void loop() {
        while (true) {
            Work work;
            lock.lock();
            try {
                while (!hasWork() && !closed) {
                    workArrived.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                work = takeWork();
                busy = true;
            } finally {
                lock.unlock();
            }
            boolean succeeded = perform(work);
            lock.lock();
            try {
                busy = false;
                workArrived.signalAll();
            } finally {
                lock.unlock();
            }
            if (!succeeded) {
                backOff();
            }
        }
    }

    private record Work(boolean fullSync, Set<RouterId> updated, Set<RouterId> deleted) {}

    private Work takeWork() {
        Work work = new Work(fullSyncWanted, Set.copyOf(updated), Set.copyOf(deleted));
        fullSyncWanted = false;
        updated.clear();
        deleted.clear();
        return work;
    }

    private boolean perform(Work work) {
        try {
            for (RouterId id : work.deleted()) {
                if (!work.updated().contains(id)) {
                    driver.remove(id);
                }
            }
            long start = System.nanoTime();
            if (work.fullSync()) {
                synchronizeAll();
            } else if (!work.updated().isEmpty()) {
                synchronizeSome(work.updated());
            }
            AgentMeters.sync("l3", host, work.fullSync() ? "full" : "routers", start);
            retry = FIRST_RETRY;
            return true;
        } catch (RuntimeException e) {
            log.warn(
                    "router processing failed, full resynchronisation in {} s",
                    retry.toSeconds(),
                    e);
            resynchronize();
            return false;
        }
    }

    private void synchronizeAll() {
        List<Router> routers = source.routers(List.of());
        Map<RouterId, Router> kept = new HashMap<>();
        for (Router router : routers) {
            if (filter.accepts(router)) {
                kept.put(router.id(), router);
            }
        }
        for (RouterId present : driver.present()) {
            if (!kept.containsKey(present) && filter.mayOwn(present)) {
                driver.remove(present);
            }
        }
        kept.values().forEach(this::ensure);
        log.info("routers resynchronised: routers={}", kept.size());
    }

    private void synchronizeSome(Set<RouterId> ids) {
        Map<RouterId, Router> found = new HashMap<>();
        for (Router router : source.routers(ids)) {
            found.put(router.id(), router);
        }
        for (RouterId id : ids) {
            Router router = found.get(id);
            if (router != null && filter.accepts(router)) {
                ensure(router);
            } else if (driver.present().contains(id)) {
                driver.remove(id);
            }
        }
    }

    private void ensure(Router router) {
        driver.ensure(router);
        Map<String, String> statuses = new HashMap<>();
        router.floatingIps().forEach(floatingIp -> statuses.put(floatingIp.id(), "ACTIVE"));
        if (!statuses.isEmpty()) {
            source.reportFloatingIpStatuses(router.id(), statuses);
        }
    }

    private void backOff() {
        try {
            Thread.sleep(retry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Duration next = retry.multipliedBy(2);
        retry = next.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : next;
    }
}
