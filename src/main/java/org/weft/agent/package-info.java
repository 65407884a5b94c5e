/**
 * The agents ({@code l2}, {@code dhcp}, {@code l3}, {@code metadata} below) and what they share:
 * the {@code report_state} heartbeat.
 */
package org.weft.agent;
