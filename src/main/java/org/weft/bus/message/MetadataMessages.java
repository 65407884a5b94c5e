package org.weft.bus.message;

import java.util.List;

/** The metadata agent's question: which instance has this address behind this router or network. */
public final class MetadataMessages {
    private MetadataMessages() {}

    /**
     * An instance's fixed IP on the subnets of a router ({@code routerId} set) or of a network
     * ({@code networkId} set), as the per-router or per-network proxy saw the request come from.
     */
    public record InstanceLookup(String routerId, String networkId, String ipAddress) {}

    /** A port with that address: {@code deviceId} is the instance's id. */
    public record InstancePort(
            String portId, String networkId, String deviceId, String projectId) {}

    /** Every match; none when no port has the address, several only after a misconfiguration. */
    public record InstanceLookupReply(List<InstancePort> ports) {
        public InstanceLookupReply {
            ports = Lists.orEmpty(ports);
        }
    }
}
