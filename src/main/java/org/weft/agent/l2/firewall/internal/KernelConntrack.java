package org.weft.agent.l2.firewall.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.CommandFailedException;
import org.weft.dataplane.linux.Placement;

/**
 * The kernel's connection tracker of the host's network namespace, which {@code iptables_hybrid}'s
 * {@code CT --zone} rules fill, read and changed with {@code conntrack} (conntrack-tools).
 */
public final class KernelConntrack implements ConntrackZones {
    private static final Pattern DELETED = Pattern.compile("(\\d+) flow entries have been deleted");

    private final Placement placement;

    public KernelConntrack(Placement placement) {
        this.placement = placement;
    }

    @Override
    public Map<Integer, List<TrackedConnection>> list(Set<Integer> zones) {
        List<String> argv = new ArrayList<>(List.of("conntrack", "-L"));
        if (zones.size() == 1) {
            argv.addAll(List.of("-w", String.valueOf(zones.iterator().next())));
        }
        Map<Integer, List<TrackedConnection>> byZone = parse(Command.of(argv).in(placement).run());
        byZone.keySet().retainAll(zones);
        return byZone;
    }

    @Override
    public boolean delete(int zone, TrackedConnection connection) {
        Command.Result result = Command.of(deleteCommand(zone, connection)).in(placement).execute();
        Matcher deleted = DELETED.matcher(result.stderr());
        if (deleted.find()) {
            return Integer.parseInt(deleted.group(1)) > 0;
        }
        throw new CommandFailedException(
                deleteCommand(zone, connection), result.exitStatus(), result.stderr());
    }

    /** {@code conntrack -D} with a filter that only {@code connection} of {@code zone} matches. */
    static List<String> deleteCommand(int zone, TrackedConnection connection) {
        boolean v4 = connection.ipVersion() == 4;
        List<String> argv = new ArrayList<>(List.of("conntrack", "-D", "-w", String.valueOf(zone)));
        argv.addAll(List.of("-f", v4 ? "ipv4" : "ipv6", "-p", protocolName(connection)));
        argv.addAll(List.of("-s", connection.source().getHostAddress()));
        argv.addAll(List.of("-d", connection.destination().getHostAddress()));
        if (connection.hasPorts()) {
            argv.addAll(List.of("--sport", String.valueOf(connection.sourcePort())));
            argv.addAll(List.of("--dport", String.valueOf(connection.destinationPort())));
        } else if (connection.isIcmp()) {
            String option = v4 ? "--icmp-" : "--icmpv6-";
            argv.addAll(List.of(option + "type", String.valueOf(connection.icmpType())));
            argv.addAll(List.of(option + "code", String.valueOf(connection.icmpCode())));
            argv.addAll(List.of(option + "id", String.valueOf(connection.icmpId())));
        }
        // Any other protocol is told apart by its addresses alone: every connection of it between
        // the two is judged alike, so deleting them together cuts nothing allowed.
        return argv;
    }

    private static String protocolName(TrackedConnection connection) {
        return switch (connection.protocol()) {
            case PolicyRule.TCP -> "tcp";
            case PolicyRule.UDP -> "udp";
            case PolicyRule.SCTP -> "sctp";
            case PolicyRule.DCCP -> "dccp";
            case PolicyRule.UDPLITE -> "udplite";
            case PolicyRule.ICMP -> "icmp";
            case PolicyRule.ICMPV6 -> "icmpv6";
            default -> String.valueOf(connection.protocol());
        };
    }

    /**
     * The connections of {@code conntrack -L}'s lines by zone: {@code tcp 6 431999 ESTABLISHED
     * src=10.0.0.2 dst=10.0.0.1 sport=40000 dport=22 src=… [ASSURED] mark=0 zone=5 use=1}, the
     * first of each key being the original direction's; a line without {@code zone=} is of zone 0.
     * TCP connections closed both ways are left out.
     */
    static Map<Integer, List<TrackedConnection>> parse(String listed) {
        Map<Integer, List<TrackedConnection>> connections = new HashMap<>();
        for (String line : listed.lines().toList()) {
            String[] words = line.strip().split("\\s+");
            if (words.length < 2 || !words[1].matches("[0-9]{1,3}") || closed(words)) {
                continue;
            }
            Map<String, String> first = new HashMap<>();
            for (String word : words) {
                int equals = word.indexOf('=');
                if (equals > 0) {
                    first.putIfAbsent(word.substring(0, equals), word.substring(equals + 1));
                }
            }
            if (first.containsKey("src") && first.containsKey("dst")) {
                connections
                        .computeIfAbsent(
                                Integer.parseInt(first.getOrDefault("zone", "0")),
                                zone -> new ArrayList<>())
                        .add(TrackedConnection.of(Integer.parseInt(words[1]), first));
            }
        }
        return connections;
    }

    /**
     * Whether the line is of a TCP connection closed both ways: one that carries nothing more, and
     * whose tuple, used again, starts a new connection that the rules judge.
     */
    private static boolean closed(String[] words) {
        return words.length > 3
                && words[1].equals(String.valueOf(PolicyRule.TCP))
                && (words[3].equals("TIME_WAIT") || words[3].equals("CLOSE"));
    }
}
