package org.weft.server.ipam;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.weft.server.BadRequestException;
import org.weft.server.ConflictException;

/**
 * A subnet's allocation pools: the ranges its ports' addresses come from. The defaults are
 * Neutron's: every address of the CIDR except the network address, the IPv4 broadcast address and
 * the gateway.
 */
public final class AllocationPools {
    private AllocationPools() {}

    /** The addresses of {@code cidr} that may ever be given to a port. */
    public static IpRange usable(Cidr cidr) {
        if (cidr.version() == 4 && cidr.prefixLength() >= 31) {
            return new IpRange(cidr.first(), cidr.last());
        }
        IpAddress last = cidr.version() == 4 ? cidr.last().plus(-1) : cidr.last();
        if (cidr.version() == 6 && cidr.prefixLength() == 128) {
            return new IpRange(cidr.first(), cidr.last());
        }
        return new IpRange(cidr.first().plus(1), last);
    }

    /** The default pools of a subnet: its usable range with the gateway cut out. */
    public static List<IpRange> defaults(Cidr cidr, Optional<IpAddress> gateway) {
        IpRange usable = usable(cidr);
        if (gateway.isEmpty() || !usable.contains(gateway.get())) {
            return List.of(usable);
        }
        IpAddress gw = gateway.get();
        List<IpRange> pools = new ArrayList<>();
        if (gw.compareTo(usable.start()) > 0) {
            pools.add(new IpRange(usable.start(), gw.plus(-1)));
        }
        if (gw.compareTo(usable.end()) < 0) {
            pools.add(new IpRange(gw.plus(1), usable.end()));
        }
        return pools;
    }

    /**
     * Checks pools given by a caller against their subnet, in Neutron's order: each pool valid and
     * inside the subnet, no two overlapping, the gateway outside all.
     */
    public static void validate(Cidr cidr, List<IpRange> pools, Optional<IpAddress> gateway) {
        IpRange usable = usable(cidr);
        for (IpRange pool : pools) {
            if (pool.start().compareTo(pool.end()) > 0) {
                throw new BadRequestException(
                        "InvalidAllocationPool",
                        "The allocation pool {'start': '"
                                + pool.start()
                                + "', 'end': '"
                                + pool.end()
                                + "'} is not valid.");
            }
            if (pool.start().version() != cidr.version()
                    || pool.start().compareTo(usable.start()) < 0
                    || pool.end().compareTo(usable.end()) > 0) {
                throw new BadRequestException(
                        "OutOfBoundsAllocationPool",
                        "The allocation pool "
                                + pool
                                + " spans beyond the subnet cidr "
                                + cidr
                                + ".");
            }
        }
        List<IpRange> sorted = new ArrayList<>(pools);
        sorted.sort(Comparator.comparing(IpRange::start));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i - 1).overlaps(sorted.get(i))) {
                throw new ConflictException(
                        "OverlappingAllocationPools",
                        "Found overlapping allocation pools: "
                                + sorted.get(i - 1)
                                + " "
                                + sorted.get(i)
                                + " for subnet "
                                + cidr
                                + ".");
            }
        }
        if (gateway.isPresent()) {
            for (IpRange pool : pools) {
                if (pool.contains(gateway.get())) {
                    throw new ConflictException(
                            "GatewayConflictWithAllocationPools",
                            "Gateway ip "
                                    + gateway.get()
                                    + " conflicts with allocation pool "
                                    + pool
                                    + ".");
                }
            }
        }
    }

    /** How many addresses the pools hold together. */
    public static BigInteger size(List<IpRange> pools) {
        BigInteger total = BigInteger.ZERO;
        for (IpRange pool : pools) {
            total = total.add(pool.size());
        }
        return total;
    }
}
