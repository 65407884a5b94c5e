/**
 * The host side of Nova's os-vif for Open vSwitch: plugs and unplugs the device of a VM's port on
 * {@code br-int} with the {@code external_ids} the OVS agent looks for ({@code iface-id}, {@code
 * attached-mac}, {@code iface-status}, {@code vm-uuid}), directly or, when the port's {@code
 * binding:vif_details} say {@code ovs_hybrid_plug}, through the per-port Linux bridge {@code qbr…}
 * and the veth pair {@code qvb…}/{@code qvo…}. {@code weft vif plug|unplug} and the lab's VMs use
 * it; Weft's agents never plug VMs.
 */
package org.weft.agent.vif;
