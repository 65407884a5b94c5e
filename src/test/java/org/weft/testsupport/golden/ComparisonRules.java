package org.weft.testsupport.golden;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a golden comparison treats as run-dependent beyond what it always does (ids, MACs,
 * timestamps, request ids), and which differences it accepts: each rule carries the one-line reason
 * a reader of the test needs.
 */
public final class ComparisonRules {
    /** A member whose value depends on the run; only its shape is compared. */
    public record VolatileMember(
            String name, String shape, Predicate<JsonNode> hasShape, String reason) {}

    /** An address the reference allocated at random; this run's must lie in the same CIDR. */
    public record RandomAddress(String golden, String cidr, String reason) {}

    /**
     * An array of {@code file} at {@code path} of which this server may answer a subset: the
     * elements it does answer must equal the reference's element with the same {@code key}.
     */
    public record SubsetArray(String file, String path, String key, String reason) {}

    private final Map<String, VolatileMember> volatileMembers = new HashMap<>();
    private final Map<String, RandomAddress> randomAddresses = new HashMap<>();
    private final List<SubsetArray> subsetArrays = new ArrayList<>();
    private final List<AllowedDifference> allowed = new ArrayList<>();

    public ComparisonRules volatileMember(
            String name, String shape, Predicate<JsonNode> hasShape, String reason) {
        volatileMembers.put(name, new VolatileMember(name, shape, hasShape, reason));
        return this;
    }

    public ComparisonRules randomAddress(String golden, String cidr, String reason) {
        randomAddresses.put(golden, new RandomAddress(golden, cidr, reason));
        return this;
    }

    public ComparisonRules subsetArray(String file, String path, String key, String reason) {
        subsetArrays.add(new SubsetArray(file, path, key, reason));
        return this;
    }

    public ComparisonRules allow(String file, String where, String reason) {
        allowed.add(new AllowedDifference(file, where, reason));
        return this;
    }

    Optional<VolatileMember> volatileMember(String name) {
        return Optional.ofNullable(volatileMembers.get(name));
    }

    Optional<RandomAddress> randomAddress(String golden) {
        return Optional.ofNullable(randomAddresses.get(golden));
    }

    Optional<SubsetArray> subsetArray(String file, String path) {
        return subsetArrays.stream()
                .filter(s -> s.file().equals(file) && s.path().equals(path))
                .findFirst();
    }

    /** The accepted difference that covers {@code difference}, if any. */
    public Optional<AllowedDifference> allowance(Difference difference) {
        return allowed.stream().filter(a -> a.covers(difference)).findFirst();
    }

    /** Whether {@code address} lies in {@code cidr}; false for anything that is not an address. */
    static boolean inCidr(String address, String cidr) {
        if (!address.matches("[0-9a-fA-F:.]+")) {
            return false; // not an address literal: keep InetAddress from resolving a name
        }
        String[] parts = cidr.split("/");
        try {
            byte[] a = InetAddress.getByName(address).getAddress();
            byte[] net = InetAddress.getByName(parts[0]).getAddress();
            int bits = Integer.parseInt(parts[1]);
            if (a.length != net.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((a[i / 8] & mask) != (net[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
