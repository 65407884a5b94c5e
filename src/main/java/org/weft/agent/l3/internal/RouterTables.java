package org.weft.agent.l3.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.weft.agent.l3.FloatingIp;
import org.weft.agent.l3.PortAddress;
import org.weft.agent.l3.Router;
import org.weft.agent.l3.RouterGateway;

/**
 * The iptables tables of a router namespace, as {@code iptables-restore} input that replaces the
 * {@code nat}, {@code mangle} and {@code filter} tables whole in one atomic step. Replacing the
 * tables leaves conntrack alone, so established connections keep their NAT bindings.
 *
 * <p>The namespace belongs to Weft: every rule sits in a {@code weft-l3-} chain, reached by one
 * jump from each built-in chain. Rules another program adds to these tables in a router namespace
 * are not kept: the next change of the router replaces the tables whole.
 *
 * <pre>
 * nat  PREROUTING  → weft-l3-PREROUTING   metadata REDIRECT, floating IP DNAT
 *      OUTPUT      → weft-l3-OUTPUT       floating IP DNAT for the router's own traffic
 *      POSTROUTING → weft-l3-POSTROUTING  no NAT between the router's own subnets
 *                  → weft-l3-snat         → weft-l3-float-snat (floating IP SNAT), then
 *                                           the gateway SNAT when enable_snat
 * mangle PREROUTING → weft-l3-mark        marks metadata requests (0x1) and traffic that
 *                                         came in from outside (0x2)
 * filter INPUT     → weft-l3-INPUT        the proxy's port only for redirected requests
 * </pre>
 */
public final class RouterTables {
    public static final String PREFIX = "weft-l3-";
    static final String METADATA_ADDRESS = "169.254.169.254/32";
    static final String METADATA_MARK = "0x1/0xffff";
    static final String EXTERNAL_MARK = "0x2/0xffff";

    private RouterTables() {}

    /** The IPv4 tables of {@code router}; {@code metadataPort} empty when there is no proxy. */
    public static String ipv4(Router router, OptionalInt metadataPort) {
        StringBuilder out = new StringBuilder();
        nat(out, router, metadataPort);
        mangle(out, router, metadataPort);
        filter(out, metadataPort);
        return out.toString();
    }

    /** The IPv6 filter table: the same chain layout, with nothing to refuse yet. */
    public static String ipv6() {
        StringBuilder out = new StringBuilder();
        table(out, "filter", List.of("INPUT", "FORWARD", "OUTPUT"));
        chain(out, "INPUT", "INPUT");
        out.append("COMMIT\n");
        return out.toString();
    }

    private static void nat(StringBuilder out, Router router, OptionalInt metadataPort) {
        table(out, "nat", List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"));
        chains(out, "PREROUTING", "OUTPUT", "POSTROUTING", "snat", "float-snat");
        jump(out, "PREROUTING", "PREROUTING");
        jump(out, "OUTPUT", "OUTPUT");
        jump(out, "POSTROUTING", "POSTROUTING");
        jump(out, "POSTROUTING", "snat");
        rule(out, "snat", "-j " + PREFIX + "float-snat");
        metadataPort.ifPresent(
                port ->
                        rule(
                                out,
                                "PREROUTING",
                                "-d "
                                        + METADATA_ADDRESS
                                        + " -i qr-+ -p tcp -m tcp --dport 80 -j REDIRECT"
                                        + " --to-ports "
                                        + port));
        router.gateway()
                .flatMap(RouterGateway::ipv4)
                .ifPresent(address -> gatewayNat(out, router, address));
        out.append("COMMIT\n");
    }

    private static void gatewayNat(StringBuilder out, Router router, PortAddress gatewayAddress) {
        RouterGateway gateway = router.gateway().orElseThrow();
        String qg = gateway.deviceName();
        // Between the router's own subnets, addresses stay as they are, unless the packet was
        // sent to a floating IP (DNAT), whose reply must come back through the router.
        rule(
                out,
                "POSTROUTING",
                "! -i " + qg + " ! -o " + qg + " -m conntrack ! --ctstate DNAT -j ACCEPT");
        for (FloatingIp floatingIp : ipv4Only(router.floatingIps())) {
            String to = floatingIp.floatingIpAddress() + "/32";
            String dnat = "-j DNAT --to-destination " + floatingIp.fixedIpAddress();
            rule(out, "PREROUTING", "-d " + to + " " + dnat);
            rule(out, "OUTPUT", "-d " + to + " " + dnat);
            rule(
                    out,
                    "float-snat",
                    "-s "
                            + floatingIp.fixedIpAddress()
                            + "/32 -j SNAT --to-source "
                            + floatingIp.floatingIpAddress());
        }
        if (gateway.enableSnat()) {
            String source = "-j SNAT --to-source " + gatewayAddress.ipAddress();
            rule(out, "snat", "-o " + qg + " " + source);
            // A VM that reaches another VM of this router through its floating IP: the reply
            // must come back through the router too, so the request leaves with the gateway's
            // address. Traffic from outside (marked on the way in) keeps its source.
            rule(
                    out,
                    "snat",
                    "-m mark ! --mark " + EXTERNAL_MARK + " -m conntrack --ctstate DNAT " + source);
        }
    }

    private static void mangle(StringBuilder out, Router router, OptionalInt metadataPort) {
        table(out, "mangle", List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"));
        chains(out, "mark");
        jump(out, "PREROUTING", "mark");
        router.gateway()
                .ifPresent(
                        gateway ->
                                rule(
                                        out,
                                        "mark",
                                        "-i "
                                                + gateway.deviceName()
                                                + " -j MARK --set-xmark "
                                                + EXTERNAL_MARK));
        if (metadataPort.isPresent()) {
            rule(
                    out,
                    "mark",
                    "-d "
                            + METADATA_ADDRESS
                            + " -i qr-+ -p tcp -m tcp --dport 80 -j MARK --set-xmark "
                            + METADATA_MARK);
        }
        out.append("COMMIT\n");
    }

    private static void filter(StringBuilder out, OptionalInt metadataPort) {
        table(out, "filter", List.of("INPUT", "FORWARD", "OUTPUT"));
        chains(out, "INPUT");
        jump(out, "INPUT", "INPUT");
        metadataPort.ifPresent(
                port -> {
                    // The proxy answers only requests the nat table redirected to it.
                    rule(out, "INPUT", "-m mark --mark " + METADATA_MARK + " -j ACCEPT");
                    rule(out, "INPUT", "-p tcp -m tcp --dport " + port + " -j DROP");
                });
        out.append("COMMIT\n");
    }

    private static List<FloatingIp> ipv4Only(List<FloatingIp> floatingIps) {
        List<FloatingIp> ipv4 = new ArrayList<>();
        for (FloatingIp floatingIp : floatingIps) {
            if (!floatingIp.floatingIpAddress().contains(":")) {
                ipv4.add(floatingIp);
            }
        }
        return ipv4;
    }

    private static void table(StringBuilder out, String name, List<String> builtIn) {
        out.append('*').append(name).append('\n');
        for (String chain : builtIn) {
            out.append(':').append(chain).append(" ACCEPT [0:0]\n");
        }
    }

    private static void chains(StringBuilder out, String... names) {
        for (String name : names) {
            out.append(':').append(PREFIX).append(name).append(" - [0:0]\n");
        }
    }

    private static void chain(StringBuilder out, String builtIn, String name) {
        chains(out, name);
        jump(out, builtIn, name);
    }

    private static void jump(StringBuilder out, String builtIn, String name) {
        out.append("-A ").append(builtIn).append(" -j ").append(PREFIX).append(name).append('\n');
    }

    private static void rule(StringBuilder out, String chain, String rule) {
        out.append("-A ").append(PREFIX).append(chain).append(' ').append(rule).append('\n');
    }
}
