package org.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Converts and checks one attribute's value from a request, as Neutron's {@code convert_to} and
 * {@code validate} rules do: returns the value in its canonical form, or throws the {@link
 * org.weft.server.ApiException} the reference gives for it.
 */
@FunctionalInterface
public interface Validator {
    JsonNode apply(String attribute, JsonNode value);

    /** This validator, then {@code next} on its result. */
    default Validator then(Validator next) {
        return (attribute, value) -> next.apply(attribute, apply(attribute, value));
    }
}
