package org.weft.agent.l2.firewall.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.CommandFailedException;

/**
 * The connection tracker of ovs-vswitchd's userspace datapath, which the {@code openvswitch}
 * driver's {@code ct} actions fill, read and changed with {@code ovs-appctl dpctl/…} through the
 * switch's control socket in its run directory (the same directory as its database socket).
 *
 * <p>Known limit: ICMPv6 entries are never deleted, and so outlive a rule that allowed them until
 * they expire (30 seconds after their last packet): Open vSwitch 3.1's {@code flush-conntrack}
 * aborts ovs-vswitchd when given an ICMPv6 tuple, and cannot flush by a partial one.
 */
public final class SwitchConntrack implements ConntrackZones {
    private static final Logger log = LoggerFactory.getLogger(SwitchConntrack.class);
    private static final Pattern ORIGINAL = Pattern.compile("^([a-z0-9]+),orig=\\(([^)]*)\\)");
    private static final Pattern ZONE = Pattern.compile(",zone=([0-9]+)");
    private static final Pattern CLOSED = Pattern.compile("state=(TIME_WAIT|CLOSED)\\b");
    private static final Map<String, Integer> PROTOCOLS =
            Map.of(
                    "tcp", PolicyRule.TCP,
                    "udp", PolicyRule.UDP,
                    "icmp", PolicyRule.ICMP,
                    "icmpv6", PolicyRule.ICMPV6,
                    "sctp", PolicyRule.SCTP,
                    "udplite", PolicyRule.UDPLITE,
                    "dccp", PolicyRule.DCCP);

    private final Path runDirectory;

    public SwitchConntrack(Path runDirectory) {
        this.runDirectory = runDirectory;
    }

    @Override
    public Map<Integer, List<TrackedConnection>> list(Set<Integer> zones) {
        List<String> argv = appctl("dpctl/dump-conntrack");
        if (zones.size() == 1) {
            argv.add("zone=" + zones.iterator().next());
        }
        Map<Integer, List<TrackedConnection>> byZone = parse(Command.of(argv).run());
        byZone.keySet().retainAll(zones);
        return byZone;
    }

    @Override
    public boolean delete(int zone, TrackedConnection connection) {
        if (connection.protocol() == PolicyRule.ICMPV6) {
            log.debug("ICMPv6 connection left to expire zone={} connection={}", zone, connection);
            return false;
        }
        List<String> argv = appctl("dpctl/flush-conntrack", "zone=" + zone, tuple(connection));
        Command.Result result = Command.of(argv).execute();
        if (result.succeeded()) {
            return true;
        }
        if (result.stderr().contains("No such file or directory")) {
            return false;
        }
        throw new CommandFailedException(argv, result.exitStatus(), result.stderr());
    }

    /** The original-direction tuple {@code flush-conntrack} finds exactly {@code connection} by. */
    static String tuple(TrackedConnection connection) {
        boolean v4 = connection.ipVersion() == 4;
        StringBuilder tuple = new StringBuilder();
        tuple.append(v4 ? "ct_nw_src=" : "ct_ipv6_src=")
                .append(connection.source().getHostAddress())
                .append(v4 ? ",ct_nw_dst=" : ",ct_ipv6_dst=")
                .append(connection.destination().getHostAddress())
                .append(",ct_nw_proto=")
                .append(connection.protocol());
        if (connection.hasPorts()) {
            tuple.append(",ct_tp_src=")
                    .append(connection.sourcePort())
                    .append(",ct_tp_dst=")
                    .append(connection.destinationPort());
        } else if (connection.isIcmp()) {
            tuple.append(",icmp_type=")
                    .append(connection.icmpType())
                    .append(",icmp_code=")
                    .append(connection.icmpCode())
                    .append(",icmp_id=")
                    .append(connection.icmpId());
        }
        return tuple.toString();
    }

    /**
     * The connections of {@code dump-conntrack}'s lines by zone: {@code
     * tcp,orig=(src=10.0.0.2,dst=10.0.0.1,sport=40000,dport=22),reply=(…),zone=5,protoinfo=(…)}, or
     * {@code icmp,orig=(src=…,dst=…,id=7,type=8,code=0),…}, or {@code 47,orig=(…)} for a protocol
     * without a name; a line without {@code zone=} is of zone 0. TCP connections closed both ways,
     * which carry nothing more, are left out.
     */
    static Map<Integer, List<TrackedConnection>> parse(String dump) {
        Map<Integer, List<TrackedConnection>> connections = new HashMap<>();
        for (String line : dump.lines().toList()) {
            Matcher matcher = ORIGINAL.matcher(line.strip());
            if (!matcher.find()) {
                continue;
            }
            String name = matcher.group(1);
            if (name.equals("tcp") && CLOSED.matcher(line).find()) {
                continue;
            }
            Integer protocol =
                    PROTOCOLS.getOrDefault(
                            name, name.matches("[0-9]{1,3}") ? Integer.parseInt(name) : null);
            if (protocol == null) {
                log.debug("conntrack entry of unknown protocol skipped line={}", line);
                continue;
            }
            Matcher zone = ZONE.matcher(line);
            connections
                    .computeIfAbsent(
                            zone.find() ? Integer.parseInt(zone.group(1)) : 0,
                            key -> new ArrayList<>())
                    .add(TrackedConnection.of(protocol, fields(matcher.group(2))));
        }
        return connections;
    }

    private static Map<String, String> fields(String original) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : original.split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return fields;
    }

    /**
     * {@code ovs-appctl} aimed at this switch: at the control socket a private switch names in its
     * run directory, else at the one its pid file there points to (a packaged switch's).
     */
    private List<String> appctl(String... arguments) {
        Path socket = runDirectory.resolve("ovs-vswitchd.ctl");
        String target = Files.exists(socket) ? socket.toString() : "ovs-vswitchd";
        List<String> argv =
                new ArrayList<>(
                        List.of(
                                "env",
                                "OVS_RUNDIR=" + runDirectory,
                                "ovs-appctl",
                                "--timeout=30",
                                "-t",
                                target));
        argv.addAll(List.of(arguments));
        return argv;
    }
}
