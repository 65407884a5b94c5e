package org.weft.store;

import java.time.Duration;

/**
 * How many connections the store keeps and how long it waits, with oslo.db's meanings.
 *
 * @param maxPoolSize connections kept open ({@code max_pool_size})
 * @param maxOverflow connections opened beyond those under load ({@code max_overflow})
 * @param poolTimeout how long a request waits for a free connection before it fails ({@code
 *     pool_timeout}); a database that is down fails requests after this long
 * @param recycleTime a connection's longest life before it is replaced ({@code
 *     connection_recycle_time}), so that servers' idle timeouts never cut one in use
 * @param maxRetries attempts to reach the database at start, -1 for no limit ({@code max_retries})
 * @param retryInterval the pause between those attempts ({@code retry_interval})
 */
public record PoolSettings(
        int maxPoolSize,
        int maxOverflow,
        Duration poolTimeout,
        Duration recycleTime,
        int maxRetries,
        Duration retryInterval) {

    /** A pool of {@code size} connections that fails at once when the database is not there. */
    public static PoolSettings ofSize(int size) {
        return new PoolSettings(
                size, 0, Duration.ofSeconds(30), Duration.ofHours(1), 0, Duration.ofSeconds(1));
    }

    int maximumConnections() {
        return maxPoolSize + maxOverflow;
    }
}
