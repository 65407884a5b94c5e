package org.weft.bus.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A WARN that is written at most once per interval; the repeats in between go to DEBUG and are
 * counted in the next WARN. Used where a peer can make us log once per message.
 */
public final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs at WARN unless one was written within the interval; arguments as SLF4J takes them. */
    public void warn(String format, Object... arguments) {
        long now = System.nanoTime();
        long allowed = nextAllowed.get();
        if ((allowed == Long.MIN_VALUE || now - allowed >= 0)
                && nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            long skipped = suppressed.getAndSet(0);
            if (skipped > 0) {
                log.warn("({} similar messages not shown) " + format, prepend(skipped, arguments));
            } else {
                log.warn(format, arguments);
            }
            return;
        }
        suppressed.incrementAndGet();
        log.debug(format, arguments);
    }

    private static Object[] prepend(long skipped, Object[] arguments) {
        Object[] all = new Object[arguments.length + 1];
        all[0] = skipped;
        System.arraycopy(arguments, 0, all, 1, arguments.length);
        return all;
    }
}
