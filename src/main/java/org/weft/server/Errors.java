package org.weft.server;

/** The errors raised in many places, worded as Neutron words them. */
public final class Errors {
    private Errors() {}

    /**
     * Neutron's {@code InvalidInput}: a value that failed a conversion or a plugin check. The
     * reason is a sentence without its full stop, which Neutron's wording adds.
     */
    public static BadRequestException invalidInput(String reason) {
        return new BadRequestException(
                "InvalidInput", "Invalid input for operation: " + reason + ".");
    }

    /** Neutron's {@code HTTPBadRequest} for an attribute that failed its validator. */
    public static BadRequestException invalidAttribute(String attribute, String reason) {
        return new BadRequestException(
                "HTTPBadRequest", "Invalid input for " + attribute + ". Reason: " + reason + ".");
    }

    public static BadRequestException badRequest(String message) {
        return new BadRequestException("HTTPBadRequest", message);
    }

    /** {@code NetworkNotFound} and its siblings: "Network X could not be found." */
    public static NotFoundException notFound(String resourceType, String id) {
        return new NotFoundException(
                resourceType + "NotFound", resourceType + " " + id + " could not be found.");
    }

    public static ConflictException overQuota(String resource) {
        return new ConflictException(
                "OverQuota", "Quota exceeded for resources: ['" + resource + "'].");
    }

    public static ForbiddenException policy(String rule) {
        return new ForbiddenException(
                "PolicyNotAuthorized", "(" + rule + ") is disallowed by policy");
    }
}
