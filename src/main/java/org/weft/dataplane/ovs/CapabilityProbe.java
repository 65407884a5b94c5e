package org.weft.dataplane.ovs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.openflow.Action;
import org.weft.dataplane.openflow.CtState;
import org.weft.dataplane.openflow.Flow;
import org.weft.dataplane.openflow.FlowChange;
import org.weft.dataplane.openflow.Match;
import org.weft.dataplane.openflow.OpenFlowChannel;
import org.weft.dataplane.openflow.OpenFlowException;
import org.weft.dataplane.openflow.OpenFlowTarget;
import org.weft.dataplane.ovsdb.Bridge;
import org.weft.dataplane.ovsdb.BridgeSettings;
import org.weft.dataplane.ovsdb.FailMode;
import org.weft.dataplane.ovsdb.Interface;
import org.weft.dataplane.ovsdb.OvsdbException;
import org.weft.dataplane.ovsdb.PortSettings;
import org.weft.dataplane.ovsdb.TunnelType;
import org.weft.dataplane.ovsdb.VswitchDatabase;

/**
 * Finds out what this Open vSwitch can do by trying it, as the agents do at start: it makes a
 * scratch bridge of the wanted datapath type (secure, so it forwards nothing), adds a tunnel port
 * of each type and a pair of patch ports, installs a connection tracking flow and a NAT flow, and
 * removes the bridge again. Tunnel ports point at the loopback address and carry no traffic.
 * Scratch bridges a crashed earlier probe left are removed first.
 */
public final class CapabilityProbe {
    private static final Logger log = LoggerFactory.getLogger(CapabilityProbe.class);
    private static final String MARK = "weft-probe";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final VswitchDatabase database;
    private final Path runDirectory;

    /**
     * A probe of the switch whose database is {@code database} and whose bridges open their
     * management sockets in {@code runDirectory}.
     */
    public CapabilityProbe(VswitchDatabase database, Path runDirectory) {
        this.database = database;
        this.runDirectory = runDirectory;
    }

    public Capabilities probe(String datapathType) {
        removeLeftoverScratchBridges();
        Scratch scratch = Scratch.random();
        try {
            makeScratchBridge(scratch, datapathType);
            return findOut(scratch, datapathType);
        } finally {
            database.removeBridge(scratch.bridge());
        }
    }

    /**
     * Names unique to one probe (device names have at most 15 characters), so that two probes of
     * one switch do not collide.
     */
    private record Scratch(String bridge, String ports) {
        static Scratch random() {
            String id =
                    Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
            return new Scratch("wprobe-" + id, "wp" + id + "-");
        }

        String tunnel(TunnelType type) {
            return ports + type.type();
        }

        String patch(String end) {
            return ports + end;
        }
    }

    private void makeScratchBridge(Scratch scratch, String datapathType) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        var transaction =
                database.transaction()
                        .ensureBridge(
                                BridgeSettings.named(scratch.bridge())
                                        .datapathType(datapathType)
                                        .failMode(FailMode.SECURE)
                                        .externalId(MARK, "true"));
        for (TunnelType type : TunnelType.values()) {
            transaction.addPort(
                    scratch.bridge(),
                    PortSettings.tunnel(scratch.tunnel(type), type, loopback, loopback));
        }
        transaction
                .addPort(
                        scratch.bridge(),
                        PortSettings.patch(scratch.patch("pa"), scratch.patch("pb")))
                .addPort(
                        scratch.bridge(),
                        PortSettings.patch(scratch.patch("pb"), scratch.patch("pa")))
                .commitAndWait(WAIT);
    }

    // Without a working datapath nothing else can work, and that is the one problem to report.
    private Capabilities findOut(Scratch scratch, String datapathType) {
        Support datapath = datapathSupport(scratch.bridge(), datapathType);
        Map<TunnelType, Support> tunnels = new EnumMap<>(TunnelType.class);
        for (TunnelType type : TunnelType.values()) {
            tunnels.put(
                    type,
                    datapath.works()
                            ? interfaceSupport(scratch.tunnel(type), type.type())
                            : datapath);
        }
        Support patch = datapath;
        Support conntrack = datapath;
        Support nat = datapath;
        if (datapath.works()) {
            patch =
                    both(
                            interfaceSupport(scratch.patch("pa"), "patch"),
                            interfaceSupport(scratch.patch("pb"), "patch"));
            conntrack = flowSupport(scratch.bridge(), ctFlow());
            nat = flowSupport(scratch.bridge(), natFlow());
        }
        if (datapath.works()) {
            log.info(
                    "probed Open vSwitch datapath_type={} tunnels={} patch={} conntrack={} nat={}",
                    datapathType,
                    tunnels,
                    patch,
                    conntrack,
                    nat);
        } else {
            log.info("probed Open vSwitch datapath_type={}: {}", datapathType, datapath.problem());
        }
        return new Capabilities(
                database.ovsVersion().orElse("version unknown"),
                datapathType,
                database.datapathTypes(),
                datapath,
                tunnels,
                patch,
                conntrack,
                nat);
    }

    // A bridge whose datapath could not be opened gets no datapath id, and ovs-vswitchd leaves
    // its ports without ofports.
    private Support datapathSupport(String bridge, String datapathType) {
        if (!database.datapathTypes().contains(datapathType)) {
            return Support.no("this ovs-vswitchd knows no datapath_type " + datapathType);
        }
        Optional<Bridge> made = database.bridge(bridge);
        if (made.isPresent() && made.get().datapathId().isPresent()) {
            return Support.yes();
        }
        return Support.no(
                "ovs-vswitchd could not create a bridge with datapath_type="
                        + datapathType
                        + (datapathType.equals("system")
                                ? " (is the Open vSwitch kernel module loaded?)"
                                : "")
                        + "; its log says why");
    }

    private Support interfaceSupport(String name, String type) {
        if (!database.interfaceTypes().contains(type)) {
            return Support.no("this ovs-vswitchd knows no interface type " + type);
        }
        Optional<Interface> iface = database.interfaceNamed(name);
        if (iface.isPresent() && iface.get().ofport().orElse(-1) > 0) {
            return Support.yes();
        }
        return Support.no(
                "a "
                        + type
                        + " port could not be added"
                        + iface.flatMap(Interface::error).map(error -> ": " + error).orElse(""));
    }

    private static Support both(Support first, Support second) {
        return first.works() ? second : first;
    }

    private static Flow ctFlow() {
        Match untracked = Match.builder().ethType(0x0800).ctState(CtState.parse("-trk")).build();
        return Flow.of(0, 1, untracked, Action.Ct.track(1, 1));
    }

    private static Flow natFlow() {
        Match tracked = Match.builder().ethType(0x0800).ctState(CtState.parse("+trk+new")).build();
        return Flow.of(
                1,
                1,
                tracked,
                Action.Ct.commit(1).withNat(Action.Nat.source(address("127.0.0.1"))));
    }

    /** Whether the switch accepts {@code flow}: it refuses actions its datapath cannot do. */
    private Support flowSupport(String bridge, Flow flow) {
        Path socket = runDirectory.resolve(bridge + ".mgmt");
        if (!Files.exists(socket)) {
            return Support.no("no OpenFlow management socket " + socket);
        }
        try (OpenFlowChannel channel =
                OpenFlowChannel.builder(OpenFlowTarget.managementSocket(runDirectory, bridge))
                        .connect(WAIT)) {
            channel.apply(List.of(FlowChange.add(flow)));
            return Support.yes();
        } catch (OpenFlowException e) {
            return Support.no(e.getMessage());
        }
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void removeLeftoverScratchBridges() {
        for (Bridge bridge : database.bridges()) {
            if ("true".equals(bridge.externalIds().get(MARK))) {
                log.warn("removing scratch bridge={} left by an earlier probe", bridge.name());
                try {
                    database.removeBridge(bridge.name());
                } catch (OvsdbException e) {
                    log.warn("cannot remove scratch bridge={}: {}", bridge.name(), e.getMessage());
                }
            }
        }
    }
}
