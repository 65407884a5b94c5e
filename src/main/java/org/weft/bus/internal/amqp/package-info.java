/**
 * The bus on an AMQP 0-9-1 broker (RabbitMQ), with the RabbitMQ Java client. Layout on the broker,
 * for a {@code control_exchange} {@code X} and a topic {@code T}:
 *
 * <ul>
 *   <li>a direct exchange {@code X}; calls and casts to the topic are routed with key {@code T} to
 *       the shared queue {@code X.T}, casts to a host with key {@code T.host} to the queue {@code
 *       X.T.host};
 *   <li>a fanout exchange {@code X.T_fanout}, bound to one private queue per subscription;
 *   <li>replies come back through RabbitMQ's direct reply-to ({@code amq.rabbitmq.reply-to}).
 * </ul>
 *
 * Nothing is durable: after a broker restart the bus declares it all again and tells its {@link
 * org.weft.bus.ConnectionListener}s, so that agents resync.
 */
package org.weft.bus.internal.amqp;
