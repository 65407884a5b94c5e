package org.weft.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.weft.bench.WeftServerProcess;

/**
 * Fresh {@code weft server} child processes for tests: a new data directory under {@code
 * target/test-servers/}, a free loopback port from the range the system property {@code
 * weft.test.ports} names (default 19650-19689).
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

    /** A started server with an empty data directory named after {@code name}, default settings. */
    public static WeftServerProcess start(String name) throws IOException {
        return start(name, Optional.empty());
    }

    /** A started server configured as the reference Neutron is ({@link #REFERENCE_SETTINGS}). */
    public static WeftServerProcess startLikeTheReference(String name) throws IOException {
        return start(name, Optional.of(REFERENCE_SETTINGS));
    }

    private static WeftServerProcess start(String name, Optional<String> settings)
            throws IOException {
        Path dir = Path.of("target", "test-servers", name + "-" + System.currentTimeMillis());
        Path dataDir = dir.resolve("data").toAbsolutePath();
        List<String> args = List.of();
        if (settings.isPresent()) {
            Files.createDirectories(dir);
            Path file = dir.resolve("neutron.conf").toAbsolutePath();
            Files.writeString(file, settings.get());
            args = List.of("--config-file", file.toString());
        }
        IOException last = null;
        for (int port = firstPort(); port <= lastPort(); port++) {
            if (!free(port)) {
                continue;
            }
            try {
                return WeftServerProcess.start(port, dataDir, List.of(), args);
            } catch (IOException e) {
                if (free(port)) {
                    throw e; // the port was not the trouble
                }
                last = e; // another process took the port meanwhile: try the next
            }
        }
        throw new IOException("no weft server could start on ports " + range(), last);
    }

    /** The server {@code -Dweft.test.base=URL} names for tests to use instead of a fresh one. */
    public static Optional<URI> externalBase() {
        return Optional.ofNullable(System.getProperty("weft.test.base")).map(URI::create);
    }

    private static String range() {
        return System.getProperty("weft.test.ports", "19650-19689");
    }

    private static int firstPort() {
        return Integer.parseInt(range().split("-")[0]);
    }

    private static int lastPort() {
        return Integer.parseInt(range().split("-")[1]);
    }

    private static boolean free(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
