package org.weft.agent.metadata;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.Bus;
import org.weft.bus.BusException;
import org.weft.bus.Topics;
import org.weft.bus.message.MetadataMessages;

/**
 * The instance lookup of {@code weft agent metadata}: asks the server ({@code
 * get_instance_by_address}) for the port with the address on the router's (or network's) networks;
 * the port's {@code device_id} is the instance, its project the instance's.
 */
public final class BusInstanceLookup implements InstanceLookup {
    private static final Logger log = LoggerFactory.getLogger(BusInstanceLookup.class);

    /**
     * A VM's metadata client gives up after some seconds; an answer later than this helps nobody,
     * so a lookup waits at most this long, or the bus's own timeout if that is shorter.
     */
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(10);

    private final Bus bus;
    private final Duration timeout;

    public BusInstanceLookup(Bus bus) {
        this.bus = bus;
        this.timeout =
                bus.defaultTimeout().compareTo(LONGEST_WAIT) < 0
                        ? bus.defaultTimeout()
                        : LONGEST_WAIT;
    }

    @Override
    public Optional<Instance> find(MetadataScope scope, String address) {
        MetadataMessages.InstanceLookupReply reply;
        try {
            reply = bus.call(Topics.GET_INSTANCE_BY_ADDRESS, questionOf(scope, address), timeout);
        } catch (BusException e) {
            throw new LookupFailedException("the server did not answer: " + e.getMessage(), e);
        }
        List<MetadataMessages.InstancePort> ports =
                reply.ports().stream()
                        .filter(port -> port.deviceId() != null && !port.deviceId().isBlank())
                        .toList();
        if (ports.stream().map(MetadataMessages.InstancePort::deviceId).distinct().count() > 1) {
            // Two instances with one address behind one router is a misconfiguration; answering
            // for either could hand one VM the other's metadata.
            log.warn(
                    "several ports have address={} {}: {}; answering for none",
                    address,
                    scope,
                    ports.stream().map(MetadataMessages.InstancePort::portId).toList());
            return Optional.empty();
        }
        return ports.stream()
                .findFirst()
                .map(port -> new Instance(port.deviceId(), port.projectId()));
    }

    private static MetadataMessages.InstanceLookup questionOf(MetadataScope scope, String address) {
        return switch (scope) {
            case MetadataScope.Router router ->
                    new MetadataMessages.InstanceLookup(router.id(), null, address);
            case MetadataScope.Network network ->
                    new MetadataMessages.InstanceLookup(null, network.id(), address);
        };
    }
}
