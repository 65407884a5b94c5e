package org.weft.server.nova;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.weft.server.service.Change;
import org.weft.server.service.FloatingIp;
import org.weft.server.service.Port;

/**
 * One event for Nova's {@code os-server-external-events}: what happened ({@code name}) to the port
 * {@code tag} of the instance {@code server_uuid}.
 */
public record NovaEvent(
        @JsonProperty("name") String name,
        @JsonProperty("server_uuid") String serverUuid,
        @JsonProperty("tag") String tag,
        @JsonProperty("status") String status) {

    public static final String VIF_PLUGGED = "network-vif-plugged";
    public static final String VIF_UNPLUGGED = "network-vif-unplugged";
    public static final String VIF_DELETED = "network-vif-deleted";
    public static final String NETWORK_CHANGED = "network-changed";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    private static final String ERROR = "ERROR";

    /**
     * The events of a port's change, as Neutron sends them for ports of an instance ({@code
     * device_owner} {@code compute:*} with a {@code device_id}): plugged when it becomes ACTIVE
     * (failed when it becomes ERROR), unplugged when it goes from ACTIVE to DOWN; with data changes
     * on, network-changed when its fixed IPs change and network-vif-deleted when it is deleted.
     */
    static List<NovaEvent> of(Change<Port> change, boolean statusChanges, boolean dataChanges) {
        Port port = change.latest();
        if (!ofInstance(port.deviceOwner(), port.deviceId())) {
            return List.of();
        }
        List<NovaEvent> events = new ArrayList<>();
        if (change.kind() == Change.Kind.DELETED) {
            if (dataChanges) {
                events.add(event(VIF_DELETED, port, COMPLETED));
            }
            return events;
        }
        String before = change.before().map(Port::status).orElse(Port.DOWN);
        String after = port.status();
        if (statusChanges && !before.equals(after)) {
            statusEvent(before, after, port).ifPresent(events::add);
        }
        if (dataChanges
                && change.kind() == Change.Kind.UPDATED
                && !change.before().orElseThrow().fixedIps().equals(port.fixedIps())) {
            events.add(event(NETWORK_CHANGED, port, COMPLETED));
        }
        return events;
    }

    /**
     * network-changed for the instance behind a floating IP whose port association changed: the
     * port it leaves and the port it reaches, each when it is an instance's.
     */
    static List<NovaEvent> of(Change<FloatingIp> change) {
        Optional<FloatingIp.PortDetails> before = change.before().flatMap(FloatingIp::portDetails);
        Optional<FloatingIp.PortDetails> after = change.after().flatMap(FloatingIp::portDetails);
        Optional<String> portBefore =
                change.before()
                        .flatMap(FloatingIp::portId)
                        .map(org.weft.server.service.PortId::value);
        Optional<String> portAfter =
                change.after()
                        .flatMap(FloatingIp::portId)
                        .map(org.weft.server.service.PortId::value);
        if (portBefore.equals(portAfter)) {
            return List.of();
        }
        List<NovaEvent> events = new ArrayList<>();
        addChanged(events, before, portBefore);
        addChanged(events, after, portAfter);
        return events;
    }

    private static void addChanged(
            List<NovaEvent> events,
            Optional<FloatingIp.PortDetails> details,
            Optional<String> port) {
        if (details.isPresent()
                && port.isPresent()
                && ofInstance(details.get().deviceOwner(), details.get().deviceId())) {
            events.add(
                    new NovaEvent(
                            NETWORK_CHANGED, details.get().deviceId(), port.get(), COMPLETED));
        }
    }

    private static Optional<NovaEvent> statusEvent(String before, String after, Port port) {
        if (after.equals(Port.ACTIVE)) {
            return Optional.of(event(VIF_PLUGGED, port, COMPLETED));
        }
        if (after.equals(ERROR)) {
            return Optional.of(event(VIF_PLUGGED, port, FAILED));
        }
        if (before.equals(Port.ACTIVE) && after.equals(Port.DOWN)) {
            return Optional.of(event(VIF_UNPLUGGED, port, COMPLETED));
        }
        return Optional.empty();
    }

    private static boolean ofInstance(String deviceOwner, String deviceId) {
        return deviceOwner != null
                && deviceOwner.startsWith("compute:")
                && deviceId != null
                && !deviceId.isEmpty();
    }

    private static NovaEvent event(String name, Port port, String status) {
        return new NovaEvent(name, port.deviceId(), port.id().value(), status);
    }
}
