package org.weft.bus;

import java.time.Duration;

/** No reply to an RPC call came within its timeout: no server listened, or none answered. */
public final class RpcTimeoutException extends BusException {
    private final String method;
    private final Duration timeout;

    public RpcTimeoutException(RpcMethod<?, ?> method, Duration timeout, String why) {
        super(
                "no reply to "
                        + method
                        + " within "
                        + seconds(timeout)
                        + (why.isEmpty() ? "" : " (" + why + ")"));
        this.method = method.toString();
        this.timeout = timeout;
    }

    private static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0
                ? timeout.toSeconds() + " s"
                : timeout.toMillis() / 1000.0 + " s";
    }

    /** The method called, as {@code topic.method}. */
    public String method() {
        return method;
    }

    public Duration timeout() {
        return timeout;
    }
}
