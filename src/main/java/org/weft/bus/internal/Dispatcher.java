package org.weft.bus.internal;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.Handlers;
import org.weft.bus.internal.MessageCodec.Request;

/**
 * Hands a received message to its handler. Whatever the message holds, this never throws: a message
 * that cannot be read, names a method this listener lacks, or comes in another major version is
 * logged and dropped (and a caller waiting for a reply is told why); a handler that fails is
 * logged, and its caller gets the failure.
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Handlers handlers;
    private final String listener;
    private final RateLimitedLog dropped = new RateLimitedLog(log, Duration.ofSeconds(30));
    private final RateLimitedLog failed = new RateLimitedLog(log, Duration.ofSeconds(30));

    /** {@code listener} names the subscription in logs (topic, host, bus). */
    public Dispatcher(Handlers handlers, String listener) {
        this.handlers = handlers;
        this.listener = listener;
    }

    /** Handles a cast or fanout: no reply is wanted. */
    public void handleOneWay(byte[] bytes) {
        Optional<Decoded> decoded = decode(bytes);
        if (decoded.isEmpty()) {
            return;
        }
        Decoded message = decoded.get();
        log.debug("received {} listener={}", message.request.name(), listener);
        try {
            switch (message.entry) {
                case Handlers.Cast<?> cast -> cast.apply(message.body);
                case Handlers.Rpc<?, ?> rpc -> rpc.apply(message.body);
            }
        } catch (Exception e) {
            failed.warn(
                    "handler of {} failed, message dropped listener={}",
                    message.request.name(),
                    listener,
                    e);
        }
    }

    /** Handles a call and returns the reply to send back, a failure reply included. */
    public byte[] handleCall(byte[] bytes) {
        Request request;
        try {
            request = MessageCodec.decodeRequest(bytes);
        } catch (MalformedMessageException e) {
            dropped.warn("malformed call dropped listener={}: {}", listener, e.getMessage());
            return MessageCodec.encodeFailure("MalformedMessage", e.getMessage());
        }
        log.debug("received call {} listener={}", request.name(), listener);
        Optional<Handlers.Entry> entry = handlers.find(request.method());
        if (entry.isEmpty()) {
            dropped.warn("call of unknown method {} dropped listener={}", request.name(), listener);
            return MessageCodec.encodeFailure(
                    "UnknownMethod", "no method " + request.name() + " here");
        }
        if (!(entry.get() instanceof Handlers.Rpc<?, ?> rpc)) {
            return MessageCodec.encodeFailure(
                    "NotAnRpcMethod", request.name() + " is one-way and has no reply");
        }
        return call(request, rpc);
    }

    private byte[] call(Request request, Handlers.Rpc<?, ?> rpc) {
        if (!rpc.version().accepts(request.version())) {
            dropped.warn(
                    "call {} of version {} refused, this listener speaks {} listener={}",
                    request.name(),
                    request.version(),
                    rpc.version(),
                    listener);
            return MessageCodec.encodeFailure(
                    "UnsupportedVersion",
                    request.name() + " " + request.version() + " is not " + rpc.version());
        }
        Object body;
        try {
            body = MessageCodec.decodeBody(request.body(), rpc.inputType());
        } catch (MalformedMessageException e) {
            dropped.warn(
                    "malformed call {} dropped listener={}: {}",
                    request.name(),
                    listener,
                    e.getMessage());
            return MessageCodec.encodeFailure("MalformedMessage", e.getMessage());
        }
        try {
            return MessageCodec.encodeResult(rpc.version(), rpc.apply(body));
        } catch (Exception e) {
            failed.warn("handler of {} failed listener={}", request.name(), listener, e);
            return MessageCodec.encodeFailure(
                    e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
    }

    private Optional<Decoded> decode(byte[] bytes) {
        try {
            Request request = MessageCodec.decodeRequest(bytes);
            Handlers.Entry entry =
                    handlers.find(request.method())
                            .orElseThrow(
                                    () ->
                                            new MalformedMessageException(
                                                    "no method " + request.name() + " here"));
            if (!entry.version().accepts(request.version())) {
                throw new MalformedMessageException(
                        request.name() + " " + request.version() + " is not " + entry.version());
            }
            Object body = MessageCodec.decodeBody(request.body(), entry.inputType());
            return Optional.of(new Decoded(request, entry, body));
        } catch (MalformedMessageException e) {
            dropped.warn("message dropped listener={}: {}", listener, e.getMessage());
            return Optional.empty();
        }
    }

    private record Decoded(Request request, Handlers.Entry entry, Object body) {}
}
