/**
 * The agent's insides: the loop that reconciles the switch with the server ({@code Reconciler}),
 * its bridges, patch and tunnel ports and port tags in OVSDB ({@code SwitchLayout}), the flows of
 * each bridge as a function of the host's state ({@code Pipeline}), and local VLANs.
 */
package org.weft.agent.l2.internal;
