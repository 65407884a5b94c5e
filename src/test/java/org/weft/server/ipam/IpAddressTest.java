package org.weft.server.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class IpAddressTest {
    @Test
    void ipv6IsWrittenInItsRfc5952Form() {
        assertThat(IpAddress.parse("FD00:9:0::1").toString()).isEqualTo("fd00:9::1");
        assertThat(IpAddress.parse("fd00:0:0:1:0:0:0:1").toString()).isEqualTo("fd00:0:0:1::1");
        assertThat(IpAddress.parse("2001:db8:0:0:1:0:0:1").toString())
                .isEqualTo("2001:db8::1:0:0:1");
        assertThat(IpAddress.parse("::").toString()).isEqualTo("::");
        assertThat(IpAddress.parse("::ffff:10.0.0.1").toString()).isEqualTo("::ffff:a00:1");
        assertThat(IpAddress.parse("1:0:2:3:4:5:6:7").toString()).isEqualTo("1:0:2:3:4:5:6:7");
    }

    @Test
    void textThatIsNoAddressIsRefusedWithoutAskingDns() {
        for (String text :
                new String[] {
                    "bogus",
                    "10.0.0",
                    "10.0.0.256",
                    "010.0.0.1",
                    "1::2::3",
                    "1:2:3:4:5:6:7:8:9",
                    "localhost",
                    ""
                }) {
            assertThat(IpAddress.isValid(text)).as(text).isFalse();
            assertThatThrownBy(() -> IpAddress.parse(text))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void cidrClearsHostBitsAndKnowsItsEdges() {
        Cidr cidr = Cidr.parse("10.0.0.5/24");

        assertThat(cidr.toString()).isEqualTo("10.0.0.0/24");
        assertThat(cidr.last().toString()).isEqualTo("10.0.0.255");
        assertThat(cidr.contains(IpAddress.parse("10.0.0.77"))).isTrue();
        assertThat(cidr.overlaps(Cidr.parse("10.0.0.128/25"))).isTrue();
        assertThat(cidr.overlaps(Cidr.parse("10.0.1.0/24"))).isFalse();
        assertThat(Cidr.isValid("10.0.0.0/33")).isFalse();
        assertThat(Cidr.isValid("10.0.0.0")).isFalse();
    }

    @Property
    void ipv4TextRoundTrips(@ForAll @LongRange(min = 0, max = 0xffffffffL) long value) {
        IpAddress address = IpAddress.of(4, BigInteger.valueOf(value));

        assertThat(IpAddress.parse(address.toString())).isEqualTo(address);
    }

    @Property
    void ipv6TextRoundTrips(@ForAll long high, @ForAll long low) {
        BigInteger value =
                new BigInteger(Long.toUnsignedString(high))
                        .shiftLeft(64)
                        .or(new BigInteger(Long.toUnsignedString(low)));
        IpAddress address = IpAddress.of(6, value);

        assertThat(IpAddress.parse(address.toString())).isEqualTo(address);
        assertThat(address.toString()).doesNotContain(":::").isLowerCase();
    }
}
