package org.weft.bus;

import java.util.regex.Pattern;

/**
 * A named destination on the bus that servers of a kind listen on ({@code q-plugin} for the plugin,
 * {@code dhcp_agent} for DHCP agents). Every method belongs to one topic.
 */
public record Topic(String name) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    public Topic {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid topic name '" + name + "'");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
