package org.weft.server.ipam;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigInteger;
import java.util.Locale;

/**
 * An IPv4 or IPv6 address, written in its canonical form: dotted quads for IPv4, RFC 5952 for IPv6
 * (lower case, longest run of zero groups shortened to {@code ::}). Parsing never touches DNS,
 * unlike {@link java.net.InetAddress#getByName}.
 */
public final class IpAddress implements Comparable<IpAddress> {
    private final int version;
    private final BigInteger value;

    private IpAddress(int version, BigInteger value) {
        this.version = version;
        this.value = value;
    }

    public static IpAddress of(int version, BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > bits(version)) {
            throw new IllegalArgumentException(value + " is out of range for IPv" + version);
        }
        return new IpAddress(version, value);
    }

    /** Parses an address; throws IllegalArgumentException naming the text when it is none. */
    @JsonCreator
    public static IpAddress parse(String text) {
        BigInteger value = text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
        if (value == null) {
            throw new IllegalArgumentException("'" + text + "' is not a valid IP address");
        }
        return new IpAddress(text.indexOf(':') >= 0 ? 6 : 4, value);
    }

    /** Whether {@code text} is an address of either version. */
    public static boolean isValid(String text) {
        return (text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text)) != null;
    }

    static int bits(int version) {
        return version == 4 ? 32 : 128;
    }

    public int version() {
        return version;
    }

    public BigInteger value() {
        return value;
    }

    public IpAddress plus(long offset) {
        return of(version, value.add(BigInteger.valueOf(offset)));
    }

    private static BigInteger parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return null;
            }
            if (part.length() > 1 && part.charAt(0) == '0') {
                return null;
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return null;
            }
            value = value << 8 | octet;
        }
        return BigInteger.valueOf(value);
    }

    private static BigInteger parseV6(String text) {
        int doubleColon = text.indexOf("::");
        if (doubleColon != text.lastIndexOf("::")) {
            return null;
        }
        String head = doubleColon < 0 ? text : text.substring(0, doubleColon);
        String tail = doubleColon < 0 ? "" : text.substring(doubleColon + 2);
        int[] headGroups = groups(head, doubleColon < 0 || tail.isEmpty());
        int[] tailGroups = groups(tail, true);
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int total = headGroups.length + tailGroups.length;
        if (doubleColon < 0 ? total != 8 : total > 7) {
            return null;
        }
        BigInteger value = BigInteger.ZERO;
        for (int group : headGroups) {
            value = value.shiftLeft(16).or(BigInteger.valueOf(group));
        }
        value = value.shiftLeft(16 * (8 - total));
        for (int group : tailGroups) {
            value = value.shiftLeft(16).or(BigInteger.valueOf(group));
        }
        return value;
    }

    /** The 16-bit groups of one side of {@code ::}; an IPv4 tail counts as two groups. */
    private static int[] groups(String side, boolean mayEndWithIpv4) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        int[] groups = new int[parts.length + 1];
        int count = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && mayEndWithIpv4 && part.indexOf('.') >= 0) {
                BigInteger v4 = parseV4(part);
                if (v4 == null) {
                    return null;
                }
                groups[count++] = v4.intValue() >>> 16;
                groups[count++] = v4.intValue() & 0xffff;
                continue;
            }
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            try {
                groups[count++] = Integer.parseInt(part, 16);
            } catch (NumberFormatException e) {
                return null;
            }
            if (part.charAt(0) == '+' || part.charAt(0) == '-') {
                return null;
            }
        }
        return java.util.Arrays.copyOf(groups, count);
    }

    @JsonValue
    @Override
    public String toString() {
        return version == 4 ? v4Text() : v6Text();
    }

    private String v4Text() {
        long v = value.longValue();
        return (v >>> 24 & 255) + "." + (v >>> 16 & 255) + "." + (v >>> 8 & 255) + "." + (v & 255);
    }

    private String v6Text() {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = value.shiftRight(16 * (7 - i)).intValue() & 0xffff;
        }
        // RFC 5952 §4.2: shorten the longest run of two or more zero groups, the first on ties.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString().toLowerCase(Locale.ROOT);
    }

    @Override
    public int compareTo(IpAddress other) {
        int byVersion = Integer.compare(version, other.version);
        return byVersion != 0 ? byVersion : value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpAddress address
                && address.version == version
                && address.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode() * 31 + version;
    }
}
