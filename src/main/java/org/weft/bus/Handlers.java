package org.weft.bus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a listener of one topic does with each of its methods: a function from request to reply for
 * an RPC method, an action for a cast method. Built once and handed to {@link Bus#subscribe}, so
 * that no message finds a half-registered listener.
 *
 * <p>Handlers may run concurrently with each other (RPC requests are served in parallel); one-way
 * messages of one subscription are handled one at a time, in the order they arrived. A handler that
 * throws does not stop the subscription: the caller of an RPC gets a {@link RemoteCallException}, a
 * one-way message is logged and dropped.
 */
public final class Handlers {
    private final Topic topic;
    private final Map<String, Entry> byMethod;

    private Handlers(Topic topic, Map<String, Entry> byMethod) {
        this.topic = topic;
        this.byMethod = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byMethod));
    }

    /** Starts the handlers of {@code topic}'s methods. */
    public static Builder forTopic(Topic topic) {
        return new Builder(topic);
    }

    public Topic topic() {
        return topic;
    }

    /** The names of the methods handled, in the order they were added. */
    public java.util.Set<String> methods() {
        return java.util.Collections.unmodifiableSet(byMethod.keySet());
    }

    /** The handler of the method called {@code name}, if this listener has one. */
    public Optional<Entry> find(String name) {
        return Optional.ofNullable(byMethod.get(name));
    }

    /** Handles the request of an RPC method and returns its reply. */
    @FunctionalInterface
    public interface RpcHandler<Q, R> {
        R handle(Q request) throws Exception;
    }

    /** Acts on a one-way message. */
    @FunctionalInterface
    public interface CastHandler<M> {
        void handle(M message) throws Exception;
    }

    /** One method's handler, RPC or one-way. */
    public sealed interface Entry {
        MessageVersion version();

        Class<?> inputType();
    }

    /** An RPC method's handler. */
    public record Rpc<Q, R>(RpcMethod<Q, R> method, RpcHandler<Q, R> handler) implements Entry {
        @Override
        public MessageVersion version() {
            return method.version();
        }

        @Override
        public Class<?> inputType() {
            return method.requestType();
        }

        /** Runs the handler on a request already decoded as {@code inputType()}. */
        public R apply(Object request) throws Exception {
            return handler.handle(method.requestType().cast(request));
        }
    }

    /** A cast method's handler. */
    public record Cast<M>(CastMethod<M> method, CastHandler<M> handler) implements Entry {
        @Override
        public MessageVersion version() {
            return method.version();
        }

        @Override
        public Class<?> inputType() {
            return method.messageType();
        }

        /** Runs the handler on a message already decoded as {@code inputType()}. */
        public void apply(Object message) throws Exception {
            handler.handle(method.messageType().cast(message));
        }
    }

    /** Collects handlers; a method of another topic, or a method given twice, is refused. */
    public static final class Builder {
        private final Topic topic;
        private final Map<String, Entry> byMethod = new LinkedHashMap<>();

        private Builder(Topic topic) {
            this.topic = topic;
        }

        public <Q, R> Builder on(RpcMethod<Q, R> method, RpcHandler<Q, R> handler) {
            return add(method.topic(), method.name(), new Rpc<>(method, handler));
        }

        public <M> Builder on(CastMethod<M> method, CastHandler<M> handler) {
            return add(method.topic(), method.name(), new Cast<>(method, handler));
        }

        private Builder add(Topic methodTopic, String name, Entry entry) {
            if (!methodTopic.equals(topic)) {
                throw new IllegalArgumentException(
                        "method " + methodTopic + "." + name + " is not on topic " + topic);
            }
            if (byMethod.putIfAbsent(name, entry) != null) {
                throw new IllegalArgumentException("method " + topic + "." + name + " given twice");
            }
            return this;
        }

        public Handlers build() {
            return new Handlers(topic, byMethod);
        }
    }
}
