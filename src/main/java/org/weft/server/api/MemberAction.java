package org.weft.server.api;

/**
 * A {@code PUT /v2.0/{collection}/{id}/{action}} of a resource, such as a router's {@code
 * add_router_interface}.
 */
@FunctionalInterface
public interface MemberAction {
    ApiResponse handle(ApiRequest request, String id);
}
