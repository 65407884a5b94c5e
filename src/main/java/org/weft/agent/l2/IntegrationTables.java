package org.weft.agent.l2;

import org.weft.dataplane.openflow.CookieMask;

/**
 * The tables of the integration bridge's pipeline and the cookies of the agent's flows.
 *
 * <pre>
 *  0 CLASSIFY   in_port of a wired port: to SPOOF (port security) or ACCEPTED;
 *               patch-tun: ACCEPTED (already tagged with the local VLAN);
 *               int-&lt;bridge&gt;: provider VLAN (or none, flat) to local VLAN, then ACCEPTED;
 *               anything else (unwired, dead-VLAN, unknown VLANs): dropped
 * 24 SPOOF      source MAC and IPv4/IPv6/ARP sources of the port's fixed IPs and allowed
 *               address pairs, DHCP discovery, its link-local address: ACCEPTED; the rest dropped
 * 60 ACCEPTED   NORMAL (access VLAN tags of the ports make it switch per network);
 *               a firewall driver steers here at higher priorities
 * 70-99         the firewall driver's own tables
 * </pre>
 */
public final class IntegrationTables {
    private IntegrationTables() {}

    public static final int CLASSIFY = 0;
    public static final int SPOOF = 24;
    public static final int ACCEPTED = 60;
    public static final int FIREWALL_FIRST = 70;
    public static final int FIREWALL_LAST = 99;

    /** The VLAN of ports that must carry nothing: unknown to the server, or down. */
    public static final int DEAD_VLAN = 4095;

    /**
     * Every flow the agent owns on its bridges has a cookie whose upper 32 bits are these ("weft");
     * a flow outside them (and outside {@link #LEARNED_COOKIE}) is foreign and removed at resync.
     */
    public static final CookieMask OWNED = new CookieMask(0x7765667400000000L, 0xffffffff00000000L);

    /** The cookie of the agent's own flows. */
    public static final long AGENT_COOKIE = 0x7765667400000001L;

    /** The cookies a firewall driver's flows use (any low bits). */
    public static final CookieMask FIREWALL_COOKIE =
            new CookieMask(0x7765667400010000L, 0xffffffffffff0000L);

    /**
     * The cookie of the flows {@code br-tun} learns from traffic (remote MAC addresses): outside
     * {@link #OWNED}, so that reprogramming leaves them, and expiring by themselves.
     */
    public static final long LEARNED_COOKIE = 0x7765667500000001L;
}
