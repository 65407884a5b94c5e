package org.weft.server.service;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.weft.server.ipam.IpAddress;
import org.weft.server.ipam.IpRange;
import org.weft.store.Constraints;
import org.weft.store.Transaction;

/**
 * Takes addresses of a subnet for a port. The row in {@code ip_allocations} is the allocation: its
 * primary key (subnet, address) refuses a second taker, whether a concurrent request of this server
 * or of another one, and the allocator then tries another address. Addresses are drawn at random
 * from the allocation pools, as the reference server does, which keeps concurrent requests from all
 * reaching for the same next address.
 */
final class IpAllocator {
    private static final int RANDOM_TRIES = 8;

    private static final String INSERT =
            "INSERT INTO ip_allocations (subnet_id, ip_address, port_id, network_id) VALUES (?, ?,"
                    + " ?, ?)";

    /** Takes {@code address} for {@code port}; false when it is already taken. */
    boolean take(Transaction tx, Subnet subnet, IpAddress address, PortId port) {
        return tx.insertUnlessTaken(
                Constraints.IP_ALLOCATION,
                INSERT,
                subnet.id().value(),
                address.toString(),
                port.value(),
                subnet.networkId().value());
    }

    /**
     * Takes any free address of {@code subnet}'s pools but those of {@code held}, which the port
     * already has (taking one again would break the table's primary key, not be refused as taken);
     * empty when they are exhausted.
     */
    java.util.Optional<IpAddress> takeAny(
            Transaction tx, Subnet subnet, PortId port, Set<IpAddress> held) {
        List<IpRange> pools = subnet.allocationPools();
        BigInteger total = org.weft.server.ipam.AllocationPools.size(pools);
        if (total.signum() == 0) {
            return java.util.Optional.empty();
        }
        // Mostly empty pools: a random address is nearly always free, and trying to take it
        // is one lookup in the unique index. (Asking first which of several candidates are free
        // costs more: H2 answers an IN list on the second column of the index by a range scan.)
        for (int i = 0; i < RANDOM_TRIES; i++) {
            IpAddress candidate = at(pools, randomBelow(total));
            if (!held.contains(candidate) && take(tx, subnet, candidate, port)) {
                return java.util.Optional.of(candidate);
            }
        }
        return scan(tx, subnet, pools, total, port);
    }

    /**
     * Nearly full pools: reads the taken addresses once and walks the pools from a random point to
     * the first free one. Pools of more than a million addresses (IPv6) are never that full in
     * practice; they get more random draws instead of a walk.
     */
    private java.util.Optional<IpAddress> scan(
            Transaction tx, Subnet subnet, List<IpRange> pools, BigInteger total, PortId port) {
        Set<String> taken =
                new HashSet<>(
                        tx.query(
                                "SELECT ip_address FROM ip_allocations WHERE subnet_id = ?",
                                row -> row.getString(1),
                                subnet.id().value()));
        if (total.bitLength() > 20) {
            for (int i = 0; i < 32 * RANDOM_TRIES; i++) {
                IpAddress candidate = at(pools, randomBelow(total));
                if (!taken.contains(candidate.toString()) && take(tx, subnet, candidate, port)) {
                    return java.util.Optional.of(candidate);
                }
            }
            return java.util.Optional.empty();
        }
        long size = total.longValue();
        long start = ThreadLocalRandom.current().nextLong(size);
        for (long i = 0; i < size; i++) {
            IpAddress candidate = at(pools, BigInteger.valueOf((start + i) % size));
            if (!taken.contains(candidate.toString()) && take(tx, subnet, candidate, port)) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }

    /** Gives back every address of {@code port}. */
    void releaseAll(Transaction tx, PortId port) {
        tx.update("DELETE FROM ip_allocations WHERE port_id = ?", port.value());
    }

    /** Gives back one address of {@code port}. */
    void release(Transaction tx, PortId port, SubnetId subnet, IpAddress address) {
        tx.update(
                "DELETE FROM ip_allocations WHERE subnet_id = ? AND ip_address = ? AND port_id = ?",
                subnet.value(),
                address.toString(),
                port.value());
    }

    private static IpAddress at(List<IpRange> pools, BigInteger offset) {
        BigInteger remaining = offset;
        for (IpRange pool : pools) {
            if (remaining.compareTo(pool.size()) < 0) {
                return pool.at(remaining);
            }
            remaining = remaining.subtract(pool.size());
        }
        throw new IllegalArgumentException("offset " + offset + " beyond the pools " + pools);
    }

    private static BigInteger randomBelow(BigInteger bound) {
        if (bound.bitLength() < 63) {
            return BigInteger.valueOf(ThreadLocalRandom.current().nextLong(bound.longValue()));
        }
        BigInteger value;
        do {
            value = new BigInteger(bound.bitLength(), ThreadLocalRandom.current());
        } while (value.compareTo(bound) >= 0);
        return value;
    }
}
