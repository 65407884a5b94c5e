package org.weft.agent.metadata;

import java.util.Optional;

/**
 * Finds the instance that owns an address in a scope: the port with that fixed IP on the networks
 * of the router (or on the network), whose {@code device_id} is the instance. The metadata agent's
 * real lookup asks the server over the bus.
 */
public interface InstanceLookup {

    /**
     * The instance at {@code address} in {@code scope}, or empty when no port there has that
     * address. A failure to ask (the server unreachable) throws {@link LookupFailedException}.
     */
    Optional<Instance> find(MetadataScope scope, String address);

    /** The lookup could not be answered (as opposed to answered with "nobody"). */
    final class LookupFailedException extends RuntimeException {
        public LookupFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
