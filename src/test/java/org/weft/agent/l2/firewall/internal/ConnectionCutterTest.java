package org.weft.agent.l2.firewall.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.weft.agent.l2.WiredPort;
import org.weft.bus.message.FixedIp;
import org.weft.bus.message.L2Messages.SecurityGroupRule;

class ConnectionCutterTest {
    private static final String ADDRESS = "10.0.0.7";

    /** A connection tracker of its own: zones of connections, and the deletions asked for. */
    private static final class Zones implements ConntrackZones {
        final Map<Integer, List<TrackedConnection>> zones = new HashMap<>();
        final List<Integer> listed = new ArrayList<>();
        int listings;

        @Override
        public Map<Integer, List<TrackedConnection>> list(Set<Integer> asked) {
            listings++;
            listed.addAll(asked);
            Map<Integer, List<TrackedConnection>> found = new HashMap<>();
            asked.forEach(
                    zone -> found.put(zone, List.copyOf(zones.getOrDefault(zone, List.of()))));
            return found;
        }

        @Override
        public boolean delete(int zone, TrackedConnection connection) {
            return zones.getOrDefault(zone, new ArrayList<>()).remove(connection);
        }

        void track(int zone, TrackedConnection connection) {
            zones.computeIfAbsent(zone, z -> new ArrayList<>()).add(connection);
        }
    }

    private static WiredPort port(String id, int ofport, String address) {
        return new WiredPort(
                id,
                "tap" + id,
                ofport,
                "net",
                3,
                "fa:16:3e:00:00:0" + ofport,
                List.of(new FixedIp("s", address)),
                List.of(),
                true,
                List.of("web"),
                "compute:nova");
    }

    private static PortPolicy policy(WiredPort port, int... tcpPorts) {
        List<PolicyRule> rules = new ArrayList<>();
        for (int tcp : tcpPorts) {
            rules.addAll(
                    PolicyRule.of(
                            new SecurityGroupRule(
                                    "r", "web", "ingress", "IPv4", "tcp", tcp, tcp, null, null),
                            List.of()));
        }
        return new PortPolicy(port, rules);
    }

    private static TrackedConnection to(String address, int port) {
        return TrackedConnection.ported(
                PolicyRule.TCP,
                TrackedConnection.address("10.0.0.1"),
                TrackedConnection.address(address),
                40000,
                port);
    }

    @Test
    void aLostRuleCutsItsConnectionsAndKeepsTheOthers() {
        Zones zones = new Zones();
        WiredPort port = port("a", 7, ADDRESS);
        zones.track(7, to(ADDRESS, 22));
        zones.track(7, to(ADDRESS, 80));
        ConnectionCutter cutter = new ConnectionCutter(zones);
        cutter.cut(List.of(policy(port, 22, 80)));

        cutter.cut(List.of(policy(port, 22)));

        assertThat(zones.zones.get(7)).containsExactly(to(ADDRESS, 22));
    }

    @Test
    void onlyPortsThatLostRulesAreLookedAt() {
        Zones zones = new Zones();
        WiredPort losing = port("a", 7, ADDRESS);
        WiredPort gaining = port("b", 8, "10.0.0.8");
        WiredPort unchanged = port("c", 9, "10.0.0.9");
        ConnectionCutter cutter = new ConnectionCutter(zones);
        cutter.cut(List.of(policy(losing, 22, 80), policy(gaining, 22), policy(unchanged, 22)));

        cutter.cut(List.of(policy(losing, 22), policy(gaining, 22, 80), policy(unchanged, 22)));

        assertThat(zones.listed).containsExactly(7);
    }

    @Test
    void theZonesOfEveryPortThatLostRulesAreReadInOneGo() {
        Zones zones = new Zones();
        WiredPort one = port("a", 7, ADDRESS);
        WiredPort two = port("b", 8, "10.0.0.8");
        zones.track(7, to(ADDRESS, 80));
        zones.track(8, to("10.0.0.8", 80));
        zones.track(8, to("10.0.0.8", 22));
        ConnectionCutter cutter = new ConnectionCutter(zones);
        cutter.cut(List.of(policy(one, 22, 80), policy(two, 22, 80)));

        cutter.cut(List.of(policy(one, 22), policy(two, 22)));

        assertThat(zones.listings).isEqualTo(1);
        assertThat(zones.listed).containsExactlyInAnyOrder(7, 8);
        assertThat(zones.zones.get(7)).isEmpty();
        assertThat(zones.zones.get(8)).containsExactly(to("10.0.0.8", 22));
    }

    @Test
    void aPortFirstSeenOrRenumberedIsOnlyRemembered() {
        Zones zones = new Zones();
        zones.track(7, to(ADDRESS, 80));
        zones.track(17, to(ADDRESS, 80));
        ConnectionCutter cutter = new ConnectionCutter(zones);

        cutter.cut(List.of(policy(port("a", 7, ADDRESS), 22, 80)));
        cutter.cut(List.of(policy(port("a", 17, ADDRESS), 22)));
        cutter.cut(List.of(policy(port("a", 17, ADDRESS))));

        assertThat(zones.listed).containsExactly(17);
        assertThat(zones.zones.get(7)).hasSize(1);
    }

    @Test
    void aPortThatLeftAndCameBackStartsAfresh() {
        Zones zones = new Zones();
        WiredPort port = port("a", 7, ADDRESS);
        ConnectionCutter cutter = new ConnectionCutter(zones);
        cutter.cut(List.of(policy(port, 22, 80)));
        cutter.cut(List.of());

        cutter.cut(List.of(policy(port, 22)));

        assertThat(zones.listed).isEmpty();
    }
}
