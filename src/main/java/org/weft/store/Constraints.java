package org.weft.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Names of the unique constraints of the schema that callers react to. Names are matched in the
 * databases' error messages, so they must not be prefixes of one another; and they must be UNIQUE
 * constraints, not primary keys, whose names H2 and MariaDB do not report.
 */
public final class Constraints {
    private Constraints() {}

    public static final String IP_ALLOCATION = "ip_allocations_address";
    public static final String PORT_MAC = "ports_network_mac";

    static final List<String> ALL = new CopyOnWriteArrayList<>(List.of(IP_ALLOCATION, PORT_MAC));

    /** Makes a constraint of a later migration known, so that its violations are named. */
    public static void register(String name) {
        if (!ALL.contains(name)) {
            ALL.add(name);
        }
    }
}
