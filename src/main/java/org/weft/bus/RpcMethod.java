package org.weft.bus;

import java.util.Objects;

/**
 * A method called with {@link Bus#call}: one listener of its topic handles the request and sends
 * the reply back. Declared once, in {@link Topics}.
 *
 * @param <Q> the request's type, a record
 * @param <R> the reply's type, a record
 */
public final class RpcMethod<Q, R> {
    private final Topic topic;
    private final String name;
    private final MessageVersion version;
    private final Class<Q> requestType;
    private final Class<R> replyType;

    private RpcMethod(
            Topic topic,
            String name,
            MessageVersion version,
            Class<Q> requestType,
            Class<R> replyType) {
        this.topic = Objects.requireNonNull(topic);
        this.name = Objects.requireNonNull(name);
        this.version = Objects.requireNonNull(version);
        this.requestType = Objects.requireNonNull(requestType);
        this.replyType = Objects.requireNonNull(replyType);
    }

    public static <Q, R> RpcMethod<Q, R> of(
            Topic topic, String name, String version, Class<Q> requestType, Class<R> replyType) {
        return new RpcMethod<>(topic, name, MessageVersion.parse(version), requestType, replyType);
    }

    public Topic topic() {
        return topic;
    }

    public String name() {
        return name;
    }

    public MessageVersion version() {
        return version;
    }

    public Class<Q> requestType() {
        return requestType;
    }

    public Class<R> replyType() {
        return replyType;
    }

    /** {@code topic.method}, as logs and errors name it. */
    @Override
    public String toString() {
        return topic + "." + name;
    }
}
