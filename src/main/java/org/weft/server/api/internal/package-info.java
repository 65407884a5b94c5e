/**
 * The API's machinery: routing requests to collections, reading and checking bodies against
 * attribute specs, turning list parameters into database selections and pagination links, rendering
 * documents for a caller, and the specs and handlers of networks, subnets, ports and quotas.
 */
package org.weft.server.api.internal;
