package org.weft.bus;

/**
 * How one login to a broker went, as {@link BusFactory#tryBrokers} found it.
 *
 * @param broker {@code host:port}
 * @param userId the account the configuration logs in with
 * @param outcome admitted, refused (the broker answered and turned the account down) or unreachable
 *     (no broker answered there)
 * @param detail what the broker or the connection said; never the password
 */
public record BrokerAttempt(String broker, String userId, Outcome outcome, String detail) {

    /** How a login ended. */
    public enum Outcome {
        ADMITTED,
        REFUSED,
        UNREACHABLE
    }

    public boolean admitted() {
        return outcome == Outcome.ADMITTED;
    }
}
