package org.weft.bus;

import java.time.Duration;

/**
 * The message bus between the server and the agents. Messages are records declared in {@link
 * Topics}, sent as Weft's own versioned JSON.
 *
 * <p>Delivery: an RPC call or a plain cast goes to one listener of the method's topic (several
 * servers share the work); a cast to a host goes to the listener that subscribed with that host; a
 * fanout goes to every listener of the topic. The bus delivers at least once where it can (a
 * message may come twice after a broker outage), so handlers must be idempotent. One-way messages
 * sent while the broker is unreachable are kept (up to a bound) and sent when it is back; calls
 * wait for it until their timeout.
 *
 * <p>Every method is safe to use from any thread, handlers included.
 */
public interface Bus extends AutoCloseable {

    /**
     * Calls {@code method} and waits for its reply, at most {@code rpc_response_timeout}.
     *
     * @throws RpcTimeoutException when no reply came in time
     * @throws RemoteCallException when the server's handler failed
     */
    <Q, R> R call(RpcMethod<Q, R> method, Q request);

    /** As {@link #call(RpcMethod, Object)}, waiting at most {@code timeout}. */
    <Q, R> R call(RpcMethod<Q, R> method, Q request, Duration timeout);

    /** Sends {@code message} to one listener of the method's topic. */
    <M> void cast(CastMethod<M> method, M message);

    /**
     * Sends {@code message} to the listener of the method's topic that subscribed as {@code host}.
     */
    <M> void cast(CastMethod<M> method, String host, M message);

    /** Sends {@code message} to every listener of the method's topic. */
    <M> void fanout(CastMethod<M> method, M message);

    /**
     * Listens on {@code handlers}' topic: to the calls and casts sent to the topic (shared with the
     * topic's other listeners) and to its fanouts.
     *
     * <p>Because the topic's listeners share its calls, each of them must handle every method sent
     * to the topic: a process gathers all its handlers of one topic (every {@code q-plugin} method
     * a server answers, say) into one {@link Handlers} and subscribes once. A listener that lacks a
     * method answers its calls with a {@link RemoteCallException} of type {@code UnknownMethod}.
     */
    Subscription subscribe(Handlers handlers);

    /** As {@link #subscribe(Handlers)}, and also to the casts sent to {@code host}. */
    Subscription subscribe(Handlers handlers, String host);

    /** Adds a listener of broker outages; see {@link ConnectionListener}. */
    void addConnectionListener(ConnectionListener listener);

    /**
     * Whether the bus holds its link to the broker now; the in-process bus always does. A health
     * check, not a promise: the link can go the moment after.
     */
    default boolean isConnected() {
        return true;
    }

    /** The timeout of {@link #call(RpcMethod, Object)}. */
    Duration defaultTimeout();

    /** Stops every subscription and disconnects; calls still waiting fail. */
    @Override
    void close();
}
