/**
 * The bus inside one JVM, for {@code weft all-in-one} and tests: the same JSON on the same delivery
 * rules as on RabbitMQ, handed over in memory.
 */
package org.weft.bus.internal.inprocess;
