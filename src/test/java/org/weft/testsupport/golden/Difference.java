package org.weft.testsupport.golden;

/**
 * One way an answer differs from the golden one: in which file, where ({@code status line}, {@code
 * header X}, or a JSON path such as {@code port.fixed_ips[0].ip_address}), what the reference
 * answered and what this server answered.
 */
public record Difference(String file, String where, String golden, String actual, String what) {
    @Override
    public String toString() {
        return file
                + " "
                + where
                + ": "
                + what
                + " (reference: "
                + golden
                + ", this server: "
                + actual
                + ")";
    }
}
