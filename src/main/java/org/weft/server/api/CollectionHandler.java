package org.weft.server.api;

/**
 * Answers every request under {@code /v2.0/{collection}}. {@link ResourceCollection} is the handler
 * of ordinary resources; special collections (quotas) implement this directly.
 */
public interface CollectionHandler {
    /** The collection's name in URLs ({@code networks}, {@code security-groups}). */
    String collection();

    /** The name of a single resource of it ({@code network}, {@code security_group}). */
    String member();

    ApiResponse handle(ApiRequest request);
}
