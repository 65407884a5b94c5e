package org.weft.bus.internal.amqp;

import java.util.Objects;

/** One broker of a deployment (one node of a cluster) and the account to log in with. */
public record BrokerAddress(String host, int port, String userId, String password) {
    public static final int DEFAULT_PORT = 5672;

    public BrokerAddress {
        Objects.requireNonNull(host);
        Objects.requireNonNull(userId);
        Objects.requireNonNull(password);
        if (host.isBlank() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid broker address " + host + ":" + port);
        }
    }

    /** {@code host:port}, never the password. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
