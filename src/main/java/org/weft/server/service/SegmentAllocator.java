package org.weft.server.service;

import org.weft.store.Transaction;

/**
 * Gives a network its segment when it is created and takes it back when it is deleted: where the L2
 * configuration (tenant network types, VLAN and tunnel id ranges) plugs in. It runs inside the
 * network's transaction, so an allocation kept in the store is undone with the rest when the
 * request fails.
 */
public interface SegmentAllocator {
    /**
     * The segment of a new network: {@code requested} as given by an administrator in the provider
     * attributes, or one allocated for a tenant network when nothing was asked.
     */
    Segment allocate(Transaction tx, NetworkId network, Segment requested);

    /** Returns the segment of a deleted network. */
    void release(Transaction tx, NetworkId network, Segment segment);

    /** The largest MTU a network of {@code segment} can carry, Neutron's default MTU. */
    int mtu(Segment segment);

    /**
     * Stores the provider attributes as given and allocates nothing: what the server does until the
     * L2 configuration assigns tenant networks their segments. The MTU is the physical network's
     * 1500 bytes less the encapsulation's overhead (VXLAN 50, GRE 42, Geneve 58), as Neutron
     * computes it.
     */
    SegmentAllocator AS_GIVEN =
            new SegmentAllocator() {
                @Override
                public Segment allocate(Transaction tx, NetworkId network, Segment requested) {
                    return requested;
                }

                @Override
                public void release(Transaction tx, NetworkId network, Segment segment) {}

                @Override
                public int mtu(Segment segment) {
                    return switch (segment.networkType().orElse("")) {
                        case "vxlan" -> 1450;
                        case "gre" -> 1458;
                        case "geneve" -> 1442;
                        default -> 1500;
                    };
                }
            };
}
