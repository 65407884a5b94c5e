package org.weft.server.ml2;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.server.ConflictException;
import org.weft.server.Errors;
import org.weft.server.ml2.internal.SegmentTable;
import org.weft.server.service.NetworkId;
import org.weft.server.service.Segment;
import org.weft.server.service.SegmentAllocator;
import org.weft.store.ConcurrentUpdateException;
import org.weft.store.Transaction;

/**
 * Network segments as ML2 gives them: a tenant's network gets the first of {@code
 * tenant_network_types} that has a free id in its ranges; an administrator's provider attributes
 * are checked as Neutron checks them and the segment is taken if free (VLAN ids and tunnel keys
 * outside the tenant ranges are allowed, as in Neutron). Every segment in use is a row with a
 * unique key, taken in the network's own transaction, so concurrent requests never share one.
 */
public final class Ml2Segments implements SegmentAllocator {
    private static final Logger log = LoggerFactory.getLogger(Ml2Segments.class);

    /** How many candidates a tenant allocation tries before leaving it to a retry of its work. */
    private static final int CANDIDATES = 32;

    private final SegmentSettings settings;

    public Ml2Segments(SegmentSettings settings) {
        this.settings = settings;
    }

    public SegmentSettings settings() {
        return settings;
    }

    @Override
    public Segment allocate(Transaction tx, NetworkId network, Segment requested) {
        Segment segment =
                requested.isEmpty()
                        ? allocateTenant(tx, network)
                        : reserveProvider(tx, network, requested);
        log.debug(
                "segment taken: network={} type={} physical_network={} segmentation_id={}",
                network,
                segment.networkType().orElse(""),
                segment.physicalNetwork().orElse(""),
                segment.segmentationId().map(String::valueOf).orElse(""));
        return segment;
    }

    @Override
    public void release(Transaction tx, NetworkId network, Segment segment) {
        SegmentTable.releaseAll(tx, network.value());
    }

    @Override
    public int mtu(Segment segment) {
        return segment.networkType()
                .flatMap(NetworkType::find)
                .map(type -> settings.mtu(type, segment.physicalNetwork()))
                .orElse(settings.globalPhysnetMtu());
    }

    private Segment allocateTenant(Transaction tx, NetworkId network) {
        for (NetworkType type : settings.tenantTypes()) {
            Optional<Segment> segment = tryTenant(tx, network, type);
            if (segment.isPresent()) {
                return segment.get();
            }
        }
        throw new NoNetworkAvailableException();
    }

    private Optional<Segment> tryTenant(Transaction tx, NetworkId network, NetworkType type) {
        switch (type) {
            case LOCAL:
                return Optional.of(segment(type, Optional.empty(), Optional.empty()));
            case VLAN:
                for (Map.Entry<String, List<IdRange>> physnet : settings.vlanRanges().entrySet()) {
                    Optional<String> name = Optional.of(physnet.getKey());
                    OptionalLong id = takeFree(tx, network, type, name, physnet.getValue());
                    if (id.isPresent()) {
                        return Optional.of(segment(type, name, Optional.of((int) id.getAsLong())));
                    }
                }
                return Optional.empty();
            case GRE:
            case VXLAN:
            case GENEVE:
                OptionalLong key =
                        takeFree(tx, network, type, Optional.empty(), settings.tenantRanges(type));
                return key.isPresent()
                        ? Optional.of(
                                segment(type, Optional.empty(), Optional.of((int) key.getAsLong())))
                        : Optional.empty();
            default:
                // A flat network needs a physical network, which only an administrator names.
                return Optional.empty();
        }
    }

    /**
     * Takes the lowest free id of {@code ranges}. A candidate another request takes at the same
     * moment fails on the unique key, and the next one is tried.
     */
    private OptionalLong takeFree(
            Transaction tx,
            NetworkId network,
            NetworkType type,
            Optional<String> physnet,
            List<IdRange> ranges) {
        Set<Long> lost = new HashSet<>();
        for (int attempt = 0; attempt < CANDIDATES; attempt++) {
            OptionalLong candidate = lowestFree(tx, type, physnet, ranges, lost);
            if (candidate.isEmpty()) {
                return candidate;
            }
            if (SegmentTable.take(tx, type, physnet, candidate.getAsLong(), network.value())) {
                return candidate;
            }
            lost.add(candidate.getAsLong());
        }
        throw new ConcurrentUpdateException(
                "gave up taking a " + type + " segment after " + CANDIDATES + " lost races");
    }

    private static OptionalLong lowestFree(
            Transaction tx,
            NetworkType type,
            Optional<String> physnet,
            List<IdRange> ranges,
            Set<Long> lost) {
        for (IdRange range : ranges) {
            Set<Long> taken =
                    new HashSet<>(SegmentTable.taken(tx, type, physnet, range.min(), range.max()));
            taken.addAll(lost);
            if (taken.size() > range.max() - range.min()) {
                continue;
            }
            for (long id = range.min(); id <= range.max(); id++) {
                if (!taken.contains(id)) {
                    return OptionalLong.of(id);
                }
            }
        }
        return OptionalLong.empty();
    }

    private Segment reserveProvider(Transaction tx, NetworkId network, Segment requested) {
        String typeName =
                requested
                        .networkType()
                        .orElseThrow(() -> Errors.invalidInput("network_type required"));
        NetworkType type =
                NetworkType.find(typeName)
                        .filter(settings.typeDrivers()::contains)
                        .orElseThrow(
                                () ->
                                        Errors.invalidInput(
                                                "network_type value '"
                                                        + typeName
                                                        + "' not supported"));
        return switch (type) {
            case LOCAL -> reserveLocal(requested);
            case FLAT -> reserveFlat(tx, network, requested);
            case VLAN -> reserveVlan(tx, network, requested);
            case GRE, VXLAN, GENEVE -> reserveTunnel(tx, network, type, requested);
        };
    }

    private Segment reserveLocal(Segment requested) {
        if (requested.physicalNetwork().isPresent()) {
            throw Errors.invalidInput(
                    "provider:physical_network prohibited for local provider network");
        }
        if (requested.segmentationId().isPresent()) {
            throw Errors.invalidInput(
                    "provider:segmentation_id prohibited for local provider network");
        }
        return segment(NetworkType.LOCAL, Optional.empty(), Optional.empty());
    }

    private Segment reserveFlat(Transaction tx, NetworkId network, Segment requested) {
        String physnet =
                requested
                        .physicalNetwork()
                        .orElseThrow(
                                () ->
                                        Errors.invalidInput(
                                                "physical_network required for flat provider"
                                                        + " network"));
        if (requested.segmentationId().isPresent()) {
            throw Errors.invalidInput(
                    "provider:segmentation_id prohibited for flat provider network");
        }
        if (!settings.allowsFlat(physnet)) {
            throw Errors.invalidInput(
                    "physical_network '" + physnet + "' unknown for flat provider network");
        }
        if (!SegmentTable.take(tx, NetworkType.FLAT, Optional.of(physnet), 0, network.value())) {
            throw new ConflictException(
                    "FlatNetworkInUse",
                    "Unable to create the flat network. Physical network "
                            + physnet
                            + " is in use.");
        }
        return segment(NetworkType.FLAT, Optional.of(physnet), Optional.empty());
    }

    private Segment reserveVlan(Transaction tx, NetworkId network, Segment requested) {
        Optional<String> physnet = requested.physicalNetwork();
        Optional<Integer> vlan = requested.segmentationId();
        if (physnet.isEmpty()) {
            if (vlan.isPresent()) {
                throw Errors.invalidInput(
                        "segmentation_id requires physical_network for VLAN provider network");
            }
            return tryTenant(tx, network, NetworkType.VLAN)
                    .orElseThrow(NoNetworkAvailableException::new);
        }
        List<IdRange> ranges = settings.vlanRanges().get(physnet.get());
        if (ranges == null) {
            throw Errors.invalidInput(
                    "physical_network '" + physnet.get() + "' unknown for VLAN provider network");
        }
        if (vlan.isEmpty()) {
            OptionalLong id = takeFree(tx, network, NetworkType.VLAN, physnet, ranges);
            if (id.isEmpty()) {
                throw new NoNetworkAvailableException();
            }
            return segment(NetworkType.VLAN, physnet, Optional.of((int) id.getAsLong()));
        }
        checkRange(NetworkType.VLAN, vlan.get());
        if (!SegmentTable.take(tx, NetworkType.VLAN, physnet, vlan.get(), network.value())) {
            throw new ConflictException(
                    "VlanIdInUse",
                    "Unable to create the network. The VLAN "
                            + vlan.get()
                            + " on physical network "
                            + physnet.get()
                            + " is in use.");
        }
        return segment(NetworkType.VLAN, physnet, vlan);
    }

    private Segment reserveTunnel(
            Transaction tx, NetworkId network, NetworkType type, Segment requested) {
        if (requested.physicalNetwork().isPresent()) {
            throw Errors.invalidInput(
                    "provider:physical_network specified for " + type + " network");
        }
        Optional<Integer> key = requested.segmentationId();
        if (key.isEmpty()) {
            OptionalLong id =
                    takeFree(tx, network, type, Optional.empty(), settings.tenantRanges(type));
            if (id.isEmpty()) {
                throw new NoNetworkAvailableException();
            }
            return segment(type, Optional.empty(), Optional.of((int) id.getAsLong()));
        }
        checkRange(type, key.get());
        if (!SegmentTable.take(tx, type, Optional.empty(), key.get(), network.value())) {
            throw new ConflictException(
                    "TunnelIdInUse",
                    "Unable to create the network. The tunnel ID " + key.get() + " is in use.");
        }
        return segment(type, Optional.empty(), key);
    }

    private static void checkRange(NetworkType type, int id) {
        if (id < 1 || id > type.maxSegmentationId()) {
            throw Errors.invalidInput(
                    "segmentation_id out of range (1 through " + type.maxSegmentationId() + ")");
        }
    }

    private static Segment segment(
            NetworkType type, Optional<String> physnet, Optional<Integer> segmentationId) {
        return new Segment(Optional.of(type.wire()), physnet, segmentationId);
    }
}
