/**
 * A private RabbitMQ broker, started and stopped by Weft for its tests and its lab, apart from any
 * broker the system runs.
 */
package org.weft.bus.rabbit;
