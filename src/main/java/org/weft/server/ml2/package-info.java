/**
 * The server's L2 model, as Neutron's ML2 plugin with its Open vSwitch mechanism: network segments
 * (types, id ranges, provider attributes, MTUs), the tunnel endpoints the agents register, and the
 * binding of ports to the hosts whose Open vSwitch agent can wire them. It plugs into the service
 * layer through {@link org.weft.server.service.SegmentAllocator} and {@link
 * org.weft.server.service.PortBinder}; its tables are in {@code internal}.
 */
package org.weft.server.ml2;
