package org.weft.agent.metadata;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An instance lookup over a table, standing in for the server's answer where a test is about the
 * agent or the proxy and not about the server.
 */
final class MapLookup implements InstanceLookup {
    private final Map<String, Instance> byScopeAndAddress = new ConcurrentHashMap<>();

    MapLookup with(MetadataScope scope, String address, Instance instance) {
        byScopeAndAddress.put(scope + " " + address, instance);
        return this;
    }

    @Override
    public Optional<Instance> find(MetadataScope scope, String address) {
        return Optional.ofNullable(byScopeAndAddress.get(scope + " " + address));
    }
}
