package org.weft.testsupport;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.weft.bench.WeftServerProcess;

/**
 * Fresh {@code weft server} child processes for tests: a new data directory under {@code
 * target/test-servers/}, a loopback port the kernel picks (the same tests may run in several
 * checkouts at once).
 */
public final class WeftServers {
    /**
     * The settings of the reference Neutron that shape its answers ({@code start.sh} writes them to
     * its {@code neutron.conf} and {@code ml2_conf.ini}), for a Weft server compared with it:
     * tenant networks on VXLAN with VNIs 1 to 1000, flat networks on any physical network.
     */
    public static final String REFERENCE_SETTINGS =
            """
            [DEFAULT]
            auth_strategy = noauth
            core_plugin = ml2
            service_plugins = router
            allow_overlapping_ips = True

            [ml2]
            type_drivers = flat,vlan,gre,vxlan
            tenant_network_types = vxlan
            mechanism_drivers = openvswitch
            extension_drivers = port_security

            [ml2_type_flat]
            flat_networks = *

            [ml2_type_vlan]
            network_vlan_ranges = physnet1:100:199

            [ml2_type_gre]
            tunnel_id_ranges = 1:1000

            [ml2_type_vxlan]
            vni_ranges = 1:1000

            [securitygroup]
            enable_security_group = True
            """;

    private WeftServers() {}

    /** A started server configured as the reference Neutron is ({@link #REFERENCE_SETTINGS}). */
    public static WeftServerProcess startLikeTheReference(String name) throws IOException {
        Path dir =
                Path.of("target", "test-servers", name + "-" + System.currentTimeMillis())
                        .toAbsolutePath();
        Files.createDirectories(dir);
        Path settings = dir.resolve("neutron.conf");
        Files.writeString(settings, REFERENCE_SETTINGS);
        return WeftServerProcess.start(
                0, dir.resolve("data"), List.of(), List.of("--config-file", settings.toString()));
    }

    /** The server {@code -Dweft.test.base=URL} names for tests to use instead of a fresh one. */
    public static Optional<URI> externalBase() {
        return Optional.ofNullable(System.getProperty("weft.test.base")).map(URI::create);
    }
}
