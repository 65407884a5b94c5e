package org.weft.server.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class MacGeneratorTest {
    @Property
    void generatedAddressesKeepTheBasePrefix(@ForAll long seed) {
        MacGenerator generator =
                new MacGenerator(MacAddress.parse("fa:16:3e:00:00:00"), new Random(seed));

        assertThat(generator.next().toString()).startsWith("fa:16:3e:");
    }

    @Test
    void nonZeroOctetsOfTheBaseAreKept() {
        MacGenerator generator =
                new MacGenerator(MacAddress.parse("fa:16:3e:4f:00:00"), new Random(1));

        assertThat(generator.next().toString()).startsWith("fa:16:3e:4f:");
        assertThat(generator.space()).isEqualTo(1 << 16);
    }

    @Test
    void macTextIsLowerCaseWithColons() {
        assertThat(MacAddress.parse("FA-16-3E-0A-0B-0C").toString()).isEqualTo("fa:16:3e:0a:0b:0c");
        assertThat(MacAddress.isValid("fa:16:3e:0a:0b")).isFalse();
        assertThat(MacAddress.isValid("fa:16-3e:0a:0b:0c")).isFalse();
    }
}
