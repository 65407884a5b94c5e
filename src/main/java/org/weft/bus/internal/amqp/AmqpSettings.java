package org.weft.bus.internal.amqp;

import java.time.Duration;
import java.util.List;

/**
 * How an {@link AmqpBus} reaches its broker and behaves when it is gone.
 *
 * @param brokers the brokers to try, in turn (a cluster's nodes)
 * @param virtualHost the virtual host, {@code /} by default
 * @param exchange the {@code control_exchange}: prefix of every exchange and queue of this bus
 * @param rpcTimeout how long a call waits for its reply unless told otherwise
 * @param heartbeat the AMQP heartbeat interval; a silent broker is given up after about twice it
 * @param retryInterval the wait before the second connection attempt of an outage
 * @param retryBackoff what each further attempt adds to the wait
 * @param retryMax the longest wait between attempts
 * @param connectionName how the broker lists this connection (process and host)
 */
public record AmqpSettings(
        List<BrokerAddress> brokers,
        String virtualHost,
        String exchange,
        Duration rpcTimeout,
        Duration heartbeat,
        Duration retryInterval,
        Duration retryBackoff,
        Duration retryMax,
        String connectionName) {

    public AmqpSettings {
        brokers = List.copyOf(brokers);
        if (brokers.isEmpty()) {
            throw new IllegalArgumentException("no broker given");
        }
    }

    /** The wait before attempt number {@code attempt} (1 for the first retry) of an outage. */
    public Duration delayBefore(int attempt) {
        Duration delay = retryInterval.plus(retryBackoff.multipliedBy(Math.max(0, attempt - 1)));
        return delay.compareTo(retryMax) > 0 ? retryMax : delay;
    }
}
