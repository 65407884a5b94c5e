package org.weft.agent.l3.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.weft.agent.l3.Ipv6RaMode;
import org.weft.agent.l3.PortAddress;
import org.weft.agent.l3.Router;
import org.weft.agent.l3.RouterInterface;

/**
 * The radvd configuration of a router: one {@code interface} block per {@code qr-} device with an
 * IPv6 subnet whose {@code ipv6_ra_mode} this router serves, with the flags RFC 4861 §4.2 defines
 * for each mode (managed for stateful DHCPv6, other-config for stateless) and the prefix autonomous
 * (RFC 4862 SLAAC) unless addresses come from DHCPv6.
 */
public final class RadvdConfiguration {
    private RadvdConfiguration() {}

    /** The configuration, or empty when no interface needs advertisements. */
    public static Optional<String> of(Router router) {
        List<String> blocks = new ArrayList<>();
        for (RouterInterface routerInterface : router.interfaces()) {
            List<PortAddress> advertised =
                    routerInterface.addresses().stream()
                            .filter(address -> address.isIpv6() && address.ipv6RaMode().isPresent())
                            .toList();
            if (!advertised.isEmpty()) {
                blocks.add(block(routerInterface, advertised));
            }
        }
        return blocks.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", blocks));
    }

    private static String block(RouterInterface routerInterface, List<PortAddress> advertised) {
        boolean managed = advertised.stream().anyMatch(a -> mode(a) == Ipv6RaMode.DHCPV6_STATEFUL);
        boolean other = advertised.stream().anyMatch(a -> mode(a) != Ipv6RaMode.SLAAC);
        StringBuilder out = new StringBuilder();
        out.append("interface ").append(routerInterface.deviceName()).append("\n{\n");
        out.append("    AdvSendAdvert on;\n");
        out.append("    MinRtrAdvInterval 30;\n");
        out.append("    MaxRtrAdvInterval 100;\n");
        out.append("    AdvLinkMTU ").append(routerInterface.mtu()).append(";\n");
        out.append("    AdvManagedFlag ").append(onOff(managed)).append(";\n");
        out.append("    AdvOtherConfigFlag ").append(onOff(other)).append(";\n");
        for (PortAddress address : advertised) {
            out.append("    prefix ").append(address.subnetCidr()).append("\n    {\n");
            out.append("        AdvOnLink on;\n");
            out.append("        AdvAutonomous ")
                    .append(onOff(mode(address) != Ipv6RaMode.DHCPV6_STATEFUL))
                    .append(";\n");
            out.append("    };\n");
        }
        out.append("};\n");
        return out.toString();
    }

    private static Ipv6RaMode mode(PortAddress address) {
        return address.ipv6RaMode().orElseThrow();
    }

    private static String onOff(boolean value) {
        return value ? "on" : "off";
    }
}
