package org.weft.server.ipam;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigInteger;

/** An inclusive range of addresses of one IP version, such as an allocation pool. */
public record IpRange(@JsonProperty("start") IpAddress start, @JsonProperty("end") IpAddress end) {

    public IpRange {
        if (start.version() != end.version()) {
            throw new IllegalArgumentException("range " + start + "-" + end + " mixes IP versions");
        }
    }

    public BigInteger size() {
        return end.value().subtract(start.value()).add(BigInteger.ONE);
    }

    public boolean contains(IpAddress address) {
        return address.version() == start.version()
                && address.compareTo(start) >= 0
                && address.compareTo(end) <= 0;
    }

    public boolean overlaps(IpRange other) {
        return start.compareTo(other.end) <= 0 && other.start.compareTo(end) <= 0;
    }

    /** The address at {@code offset} from the start, 0 being the start itself. */
    public IpAddress at(BigInteger offset) {
        return IpAddress.of(start.version(), start.value().add(offset));
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
