package org.weft.agent.l2;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.weft.agent.l2.firewall.internal.FirewallFlows;
import org.weft.lab.Lab;
import org.weft.lab.LabHost;

/**
 * The matrix with {@code firewall_driver = openvswitch} on every switch host: the drops are the
 * packet counters of each port's own drop flow in the rules tables, and of the anti-spoofing
 * table's drop.
 */
@Tag("lab")
class OpenvswitchFirewallLabTest extends FirewallLabMatrix {
    private static final Pattern COUNT = Pattern.compile("n_packets=(\\d+)");

    @BeforeAll
    static void up() {
        buildCloud(L2Lab.up("wsgo", 2, OpenvswitchFirewallLabTest::useOpenvswitchDriver));
    }

    private static void useOpenvswitchDriver(Lab built) {
        for (LabHost host : built.hosts()) {
            Path overlay = host.configDirectory().resolve("weft").resolve("ovs-agent.conf");
            if (Files.exists(overlay)) {
                try {
                    Files.writeString(
                            overlay,
                            "\n[securitygroup]\nfirewall_driver = openvswitch\n",
                            StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    @Override
    long ingressDrops(String host, JsonNode port) {
        return dropFlow(host, FirewallFlows.INGRESS_RULES, "reg7", port);
    }

    @Override
    long egressDrops(String host, JsonNode port) {
        return dropFlow(host, FirewallFlows.EGRESS_RULES, "reg5", port);
    }

    @Override
    long spoofDrops(String host, JsonNode port) {
        return count(host, IntegrationTables.SPOOF, "priority=0 ");
    }

    private long dropFlow(String host, int table, String register, JsonNode port) {
        String tap = "tap" + portId(port).substring(0, 11);
        int ofport =
                Integer.parseInt(
                        lab.lab.switchOf(host).vsctl("get", "Interface", tap, "ofport").strip());
        return count(
                host,
                table,
                "priority="
                        + FirewallFlows.DROP
                        + ","
                        + register
                        + "=0x"
                        + Integer.toHexString(ofport)
                        + " ");
    }

    /** The packets of the flows of {@code table} whose line holds {@code text}. */
    private static long count(String host, int table, String text) {
        String dump =
                lab.lab
                        .switchOf(host)
                        .ofctl("-O", "OpenFlow14", "dump-flows", "br-int", "table=" + table);
        return dump.lines()
                .filter(line -> line.contains(text))
                .mapToLong(OpenvswitchFirewallLabTest::count)
                .sum();
    }

    private static long count(String line) {
        Matcher matcher = COUNT.matcher(line);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }
}
