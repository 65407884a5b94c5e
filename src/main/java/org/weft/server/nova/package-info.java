/**
 * The server's events for Nova: {@code network-vif-plugged}, {@code network-vif-unplugged}, {@code
 * network-vif-deleted} and {@code network-changed} for compute ports, batched and sent to Nova's
 * {@code os-server-external-events} with a Keystone token ({@code NovaNotifier}, {@code
 * NovaOptions}); the Keystone login and the HTTP client in {@code internal}.
 */
package org.weft.server.nova;
