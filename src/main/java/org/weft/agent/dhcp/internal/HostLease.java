package org.weft.agent.dhcp.internal;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** An IPv4 address leased to a MAC, as the hosts file promises it or the lease file records it. */
record HostLease(String macAddress, String ipAddress) {

    /** The IPv4 entries of a hosts file ({@code mac,name,address}). */
    static Set<HostLease> parseHosts(String hostsFile) {
        Set<HostLease> leases = new HashSet<>();
        for (String line : hostsFile.lines().toList()) {
            String[] fields = line.strip().split(",");
            String address = fields[fields.length - 1];
            if (fields.length >= 3 && address.indexOf(':') < 0 && !address.startsWith("set:")) {
                leases.add(new HostLease(fields[0].toLowerCase(Locale.ROOT), address));
            }
        }
        return leases;
    }

    /** The IPv4 leases of dnsmasq's lease file ({@code expiry mac address name client-id}). */
    static Set<HostLease> parseLeases(String leaseFile) {
        Set<HostLease> leases = new HashSet<>();
        for (String line : leaseFile.lines().toList()) {
            String[] fields = line.strip().split(" ");
            if (fields.length == 5 && fields[2].indexOf(':') < 0) {
                leases.add(new HostLease(fields[1].toLowerCase(Locale.ROOT), fields[2]));
            }
        }
        return leases;
    }
}
