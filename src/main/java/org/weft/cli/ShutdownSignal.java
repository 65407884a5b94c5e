package org.weft.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The end of a long-running process (SIGTERM, SIGINT), in a form that lets its resources close in
 * order: the shutdown hook waits until the signal is closed, so a process opens it first in its
 * try-with-resources and it closes last.
 */
final class ShutdownSignal implements AutoCloseable {
    private static final long CLOSING_LIMIT_SECONDS = 20;

    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    private ShutdownSignal() {}

    static ShutdownSignal install() {
        ShutdownSignal signal = new ShutdownSignal();
        Runtime.getRuntime().addShutdownHook(new Thread(signal::onShutdown, "shutdown"));
        return signal;
    }

    /** Waits until the process is asked to stop. */
    void await() throws InterruptedException {
        stopping.await();
    }

    @Override
    public void close() {
        closed.countDown();
    }

    private void onShutdown() {
        stopping.countDown();
        try {
            closed.await(CLOSING_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
