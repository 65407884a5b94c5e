package org.weft.agent.l2;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The matrix with the guide's own configuration ({@code firewall_driver =
 * quantum.agent.linux.iptables_firewall.OVSHybridIptablesFirewallDriver}), VMs plugged through
 * their own Linux bridges: the drops are the packet counters of the last rule (the drop) of each
 * port's chains, read with iptables in the compute host's own namespace.
 */
@Tag("lab")
class HybridIptablesFirewallLabTest extends FirewallLabMatrix {

    @BeforeAll
    static void up() {
        buildCloud(L2Lab.up("wsgh", 2, built -> {}));
    }

    @Override
    long ingressDrops(String host, JsonNode port) {
        return lastRuleCount(host, "weft-i", port) + lastRuleCount6(host, "weft-i", port);
    }

    @Override
    long egressDrops(String host, JsonNode port) {
        return lastRuleCount(host, "weft-o", port);
    }

    @Override
    long spoofDrops(String host, JsonNode port) {
        return lastRuleCount(host, "weft-s", port);
    }

    private long lastRuleCount(String host, String chain, JsonNode port) {
        return lastRule("iptables", host, chain, port);
    }

    private long lastRuleCount6(String host, String chain, JsonNode port) {
        return lastRule("ip6tables", host, chain, port);
    }

    private long lastRule(String command, String host, String chain, JsonNode port) {
        String name = chain + portId(port).substring(0, 10);
        var listed = lab.lab.exec(host, command, "-t", "filter", "-L", name, "-v", "-x", "-n");
        List<String> lines = listed.stdout().lines().filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty() || !lines.get(lines.size() - 1).contains("DROP")) {
            throw new AssertionError(
                    "last rule of "
                            + name
                            + " on "
                            + host
                            + " is not its drop: "
                            + listed
                            + "\n"
                            + lab.lab.exec(host, command + "-save").stdout()
                            + "\n"
                            + lab.lab.exec(host, "ip", "-o", "link").stdout()
                            + "\n"
                            + tail(lab.lab.host(host).logDirectory().resolve("ovs-agent.log")));
        }
        return Long.parseLong(lines.get(lines.size() - 1).strip().split("\\s+")[0]);
    }

    private static String tail(java.nio.file.Path log) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (java.io.IOException e) {
            return "no log " + log;
        }
    }
}
