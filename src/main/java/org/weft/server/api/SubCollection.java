package org.weft.server.api;

import java.util.List;

/**
 * Answers {@code /v2.0/{collection}/{id}/{name}} and what lies below it: a collection that belongs
 * to one resource, such as the networks of one DHCP agent ({@code
 * /v2.0/agents/{id}/dhcp-networks}).
 */
public interface SubCollection {
    /** The path segment after the parent's id ({@code dhcp-networks}). */
    String name();

    /**
     * Answers one request.
     *
     * @param parentId the id in the path before {@link #name()}
     * @param rest the segments after {@link #name()}, none for the collection itself
     */
    ApiResponse handle(ApiRequest request, String parentId, List<String> rest);
}
