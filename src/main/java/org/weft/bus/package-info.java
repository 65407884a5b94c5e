/**
 * The message bus between the server and the agents: RPC calls with a reply and a timeout, casts to
 * one listener of a topic (or to the one on a given host), and fanouts to every listener of a
 * topic. {@link org.weft.bus.Bus} is the one interface; {@link org.weft.bus.Topics} declares every
 * topic and method with its message types; {@link org.weft.bus.BusFactory} builds the bus a
 * configuration asks for (RabbitMQ for deployments, in-process for one JVM).
 */
package org.weft.bus;
