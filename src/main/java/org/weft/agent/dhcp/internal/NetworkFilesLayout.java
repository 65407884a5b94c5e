package org.weft.agent.dhcp.internal;

import java.nio.file.Path;

/**
 * Where a network's files live: {@code <dhcp_confs>/<network_id>/}, with dnsmasq's {@code host},
 * {@code addn_hosts}, {@code opts}, {@code leases} and {@code pid}, its log, and the {@code device}
 * Weft plugged for it.
 */
public record NetworkFilesLayout(Path directory) {

    public static NetworkFilesLayout of(Path confsDirectory, String networkId) {
        return new NetworkFilesLayout(confsDirectory.resolve(networkId).toAbsolutePath());
    }

    public Path hosts() {
        return directory.resolve("host");
    }

    public Path addnHosts() {
        return directory.resolve("addn_hosts");
    }

    public Path opts() {
        return directory.resolve("opts");
    }

    public Path leases() {
        return directory.resolve("leases");
    }

    public Path pid() {
        return directory.resolve("pid");
    }

    public Path log() {
        return directory.resolve("dnsmasq.log");
    }

    public Path device() {
        return directory.resolve("device");
    }
}
