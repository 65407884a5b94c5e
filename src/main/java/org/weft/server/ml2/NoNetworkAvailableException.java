package org.weft.server.ml2;

import org.weft.server.ApiException;

/**
 * Neutron's {@code NoNetworkAvailable} (503): every range a network could take its segment from is
 * used up, or none is configured for the tenant network types.
 */
public final class NoNetworkAvailableException extends ApiException {
    public NoNetworkAvailableException() {
        super(
                503,
                "NoNetworkAvailable",
                "Unable to create the network. No tenant network is available for allocation.");
    }
}
