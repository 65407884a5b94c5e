package org.weft.server.ipam;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigInteger;

/**
 * An IP network: a base address and a prefix length, the host bits of the base cleared (as Neutron
 * stores a subnet's CIDR given as {@code 10.0.0.5/24} as {@code 10.0.0.0/24}).
 */
public record Cidr(IpAddress network, int prefixLength) {

    public Cidr {
        if (prefixLength < 0 || prefixLength > IpAddress.bits(network.version())) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range");
        }
        network =
                IpAddress.of(
                        network.version(),
                        network.value().and(mask(network.version(), prefixLength)));
    }

    /**
     * Parses {@code address/prefix}; a bare address is a host route ({@code /32} or {@code /128}).
     *
     * @throws IllegalArgumentException when {@code text} is no CIDR
     */
    @JsonCreator
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        try {
            IpAddress address = IpAddress.parse(slash < 0 ? text : text.substring(0, slash));
            if (slash < 0) {
                return new Cidr(address, IpAddress.bits(address.version()));
            }
            String prefix = text.substring(slash + 1);
            if (prefix.isEmpty()
                    || prefix.length() > 3
                    || !prefix.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException(text);
            }
            return new Cidr(address, Integer.parseInt(prefix));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid CIDR", e);
        }
    }

    /** Whether {@code text} is {@code address/prefix} with an explicit prefix. */
    public static boolean isValid(String text) {
        if (text.indexOf('/') < 0) {
            return false;
        }
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static BigInteger mask(int version, int prefixLength) {
        int bits = IpAddress.bits(version);
        return BigInteger.ONE
                .shiftLeft(bits)
                .subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - prefixLength).subtract(BigInteger.ONE));
    }

    public int version() {
        return network.version();
    }

    /** The number of addresses, network and broadcast included. */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(IpAddress.bits(version()) - prefixLength);
    }

    public IpAddress first() {
        return network;
    }

    public IpAddress last() {
        return IpAddress.of(version(), network.value().add(size()).subtract(BigInteger.ONE));
    }

    public boolean contains(IpAddress address) {
        return address.version() == version()
                && address.compareTo(first()) >= 0
                && address.compareTo(last()) <= 0;
    }

    public boolean overlaps(Cidr other) {
        return other.version() == version() && (contains(other.first()) || other.contains(first()));
    }

    @JsonValue
    @Override
    public String toString() {
        return network + "/" + prefixLength;
    }
}
