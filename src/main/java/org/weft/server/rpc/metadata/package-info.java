/**
 * The server's answer to the metadata agent: which instance has an address behind a router or on a
 * network ({@code get_instance_by_address}).
 */
package org.weft.server.rpc.metadata;
