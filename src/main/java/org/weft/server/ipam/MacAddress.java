package org.weft.server.ipam;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Pattern;

/** An Ethernet MAC address, written as six lower-case hex pairs separated by colons. */
public record MacAddress(long value) {
    private static final Pattern TEXT =
            Pattern.compile("[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\\1[0-9A-Fa-f]{2}){4}");

    public MacAddress {
        if (value < 0 || value > 0xffff_ffff_ffffL) {
            throw new IllegalArgumentException("MAC address value out of range: " + value);
        }
    }

    /** Parses {@code fa:16:3e:00:00:01} (or with dashes, any case). */
    @JsonCreator
    public static MacAddress parse(String text) {
        if (!TEXT.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a valid MAC address");
        }
        return new MacAddress(Long.parseLong(text.replaceAll("[:-]", ""), 16));
    }

    public static boolean isValid(String text) {
        return TEXT.matcher(text).matches();
    }

    /** The octet at {@code index}, 0 being the first written. */
    public int octet(int index) {
        return (int) (value >>> (8 * (5 - index)) & 0xff);
    }

    @JsonValue
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                text.append(':');
            }
            text.append(String.format(Locale.ROOT, "%02x", octet(i)));
        }
        return text.toString();
    }
}
