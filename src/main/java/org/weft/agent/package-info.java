/**
 * The agents ({@code l2}, {@code dhcp}, {@code l3}, {@code metadata} below) and what they share:
 * the name of the host they report.
 */
package org.weft.agent;
