/**
 * The service layer: networks, subnets, ports and quotas as typed records, and the operations on
 * them that the HTTP API and the agents' RPC handlers share. Every operation takes the {@link
 * org.weft.server.policy.Caller}, runs in one transaction, and tells the registered {@link
 * org.weft.server.service.ChangeListener}s what changed once it is committed.
 */
package org.weft.server.service;
