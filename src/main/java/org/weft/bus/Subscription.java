package org.weft.bus;

/**
 * A listener of one topic, made by {@link Bus#subscribe}; it receives until closed, across broker
 * outages.
 */
public interface Subscription extends AutoCloseable {
    Topic topic();

    /** Stops receiving; messages already being handled finish. Closing twice does nothing. */
    @Override
    void close();
}
