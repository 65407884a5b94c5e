package org.weft.bus.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.Handlers;
import org.weft.bus.Subscription;
import org.weft.bus.Topic;
import org.weft.bus.internal.Dispatcher;

/**
 * One listener of a topic on the broker: a channel of its own consuming the topic's shared queue,
 * its host's queue if it has a host, and a private queue bound to the topic's fanout exchange.
 * Attached again to every new connection of its bus.
 */
final class AmqpSubscription implements Subscription {
    private static final Logger log = LoggerFactory.getLogger(AmqpSubscription.class);

    /** How many unacknowledged messages the broker hands one consumer at a time. */
    private static final int PREFETCH = 64;

    /**
     * Shared queues outlive their listeners (a restarting server finds the calls and casts sent
     * meanwhile) but are deleted by the broker after half an hour without any.
     */
    private static final Map<String, Object> SHARED_QUEUE_ARGUMENTS =
            Map.of("x-expires", 30 * 60 * 1000);

    private final AmqpBus bus;
    private final Handlers handlers;
    private final String host;
    private final Dispatcher dispatcher;
    private volatile Channel channel;
    private volatile boolean closed;

    AmqpSubscription(AmqpBus bus, Handlers handlers, String host) {
        this.bus = bus;
        this.handlers = handlers;
        this.host = host;
        this.dispatcher = new Dispatcher(handlers, toString());
    }

    @Override
    public Topic topic() {
        return handlers.topic();
    }

    /** Declares this listener's queues on {@code connection} and starts consuming them. */
    void attach(Connection connection) throws IOException {
        if (closed) {
            return;
        }
        String exchange = bus.settings().exchange();
        String topic = topic().name();
        Channel fresh = connection.createChannel();
        fresh.basicQos(PREFETCH);

        List<String> queues = new ArrayList<>();
        queues.add(declareShared(fresh, exchange, topic));
        if (host != null) {
            queues.add(declareShared(fresh, exchange, topic + "." + host));
        }
        String fanout = bus.fanoutExchange(topic);
        fresh.exchangeDeclare(fanout, "fanout", false);
        String own = fresh.queueDeclare().getQueue();
        fresh.queueBind(own, fanout, "");
        queues.add(own);

        for (String queue : queues) {
            fresh.basicConsume(
                    queue, false, (tag, delivery) -> deliver(fresh, delivery), tag -> {});
        }
        fresh.addShutdownListener(cause -> channelClosed(connection, cause));
        channel = fresh;
        log.debug("listening {} queues={}", this, queues);
    }

    private static String declareShared(Channel channel, String exchange, String key)
            throws IOException {
        String queue = exchange + "." + key;
        channel.queueDeclare(queue, false, false, false, SHARED_QUEUE_ARGUMENTS);
        channel.queueBind(queue, exchange, key);
        return queue;
    }

    private void deliver(Channel from, Delivery delivery) {
        AMQP.BasicProperties properties = delivery.getProperties();
        long tag = delivery.getEnvelope().getDeliveryTag();
        String replyTo = properties.getReplyTo();
        if (replyTo == null) {
            dispatcher.handleOneWay(delivery.getBody());
            acknowledge(from, tag);
            return;
        }
        // Calls are served in parallel: a slow handler must not hold up the others.
        bus.work()
                .execute(
                        () -> {
                            byte[] reply = dispatcher.handleCall(delivery.getBody());
                            bus.sendReply(replyTo, properties.getCorrelationId(), reply);
                            acknowledge(from, tag);
                        });
    }

    private static void acknowledge(Channel from, long tag) {
        try {
            from.basicAck(tag, false);
        } catch (IOException | AlreadyClosedException e) {
            // The channel is gone with its connection; the broker hands the message out again.
            log.debug("acknowledgement lost tag={}: {}", tag, e.toString());
        }
    }

    private void channelClosed(Connection connection, ShutdownSignalException cause) {
        if (closed || cause.isInitiatedByApplication() || cause.isHardError()) {
            return;
        }
        // The broker closed only this channel (a queue declared elsewhere with other arguments,
        // say); starting over on a new connection is the one way back to a known state.
        bus.linkBroken(connection, "channel of " + this + " closed: " + cause.getMessage());
    }

    @Override
    public void close() {
        closed = true;
        bus.remove(this);
        Channel current = channel;
        if (current != null && current.isOpen()) {
            try {
                current.close();
            } catch (IOException | TimeoutException | ShutdownSignalException e) {
                log.debug("closing the channel of {} failed: {}", this, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "topic=" + topic() + (host == null ? "" : " host=" + host);
    }
}
