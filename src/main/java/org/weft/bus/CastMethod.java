package org.weft.bus;

import java.util.Objects;

/**
 * A one-way method: sent with {@link Bus#cast} to one listener of its topic, with {@link
 * Bus#cast(CastMethod, String, Object)} to the listener on a given host, or with {@link Bus#fanout}
 * to every listener. Nothing comes back, so its handler must be safe to apply twice. Declared once,
 * in {@link Topics}.
 *
 * @param <M> the message's type, a record
 */
public final class CastMethod<M> {
    private final Topic topic;
    private final String name;
    private final MessageVersion version;
    private final Class<M> messageType;

    private CastMethod(Topic topic, String name, MessageVersion version, Class<M> messageType) {
        this.topic = Objects.requireNonNull(topic);
        this.name = Objects.requireNonNull(name);
        this.version = Objects.requireNonNull(version);
        this.messageType = Objects.requireNonNull(messageType);
    }

    public static <M> CastMethod<M> of(
            Topic topic, String name, String version, Class<M> messageType) {
        return new CastMethod<>(topic, name, MessageVersion.parse(version), messageType);
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

    public Class<M> messageType() {
        return messageType;
    }

    /** {@code topic.method}, as logs and errors name it. */
    @Override
    public String toString() {
        return topic + "." + name;
    }
}
