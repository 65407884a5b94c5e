package org.weft.bus;

import java.time.Duration;

/**
 * Told when the bus loses its broker and when it has it back. Whatever was sent to this process
 * while the link was down is lost, so an agent resyncs in full on {@link #connectionRestored}.
 * Events come one at a time, in order, on a thread of the bus's own; a listener may call the bus
 * from them. The in-process bus never loses anything and never calls these.
 */
public interface ConnectionListener {

    /** The link to the broker is gone; the bus keeps trying to get it back. */
    default void connectionLost(String reason) {}

    /**
     * The link is back, after an outage or after the broker was unreachable when the bus started,
     * and every subscription listens again.
     */
    default void connectionRestored(Duration outage) {}
}
