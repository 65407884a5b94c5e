package org.weft.bus.message;

/** The reply of a call that returns nothing but its completion. */
public record Ack() {
    public static final Ack INSTANCE = new Ack();
}
