/**
 * How the DHCP agent does its work: dnsmasq's command line and files, the process that serves a
 * network and its supervision, addresses and CIDRs, and the queue that serialises work per network.
 */
package org.weft.agent.dhcp.internal;
