package org.weft.agent.metadata;

import java.util.Objects;

/**
 * Where a metadata request entered Weft: a router's namespace, or a network's DHCP namespace
 * (isolated metadata). The instance is looked up by its address among the networks of that scope.
 */
public sealed interface MetadataScope {

    /** The id of the router or network. */
    String id();

    /** The header the proxy sets to tell the agent the scope. */
    String headerName();

    static MetadataScope router(String routerId) {
        return new Router(routerId);
    }

    static MetadataScope network(String networkId) {
        return new Network(networkId);
    }

    /** Requests that came through router {@code id}. */
    record Router(String id) implements MetadataScope {
        public static final String HEADER = "X-Neutron-Router-ID";

        public Router {
            Objects.requireNonNull(id);
        }

        @Override
        public String headerName() {
            return HEADER;
        }

        @Override
        public String toString() {
            return "router=" + id;
        }
    }

    /** Requests that came through the DHCP namespace of network {@code id}. */
    record Network(String id) implements MetadataScope {
        public static final String HEADER = "X-Neutron-Network-ID";

        public Network {
            Objects.requireNonNull(id);
        }

        @Override
        public String headerName() {
            return HEADER;
        }

        @Override
        public String toString() {
            return "network=" + id;
        }
    }
}
