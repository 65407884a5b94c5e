package org.weft.server.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import org.weft.server.policy.Caller;
import org.weft.store.Database;
import org.weft.store.Store;

/** A service layer on a private in-memory database, with helpers to build requests. */
final class ServiceFixture implements AutoCloseable {
    final Store store = Store.open(Database.inMemory("wapi-" + UUID.randomUUID()), 4);
    final Services services = Services.builder(store).build();
    final Caller admin = Caller.noauthAdmin();

    static Attributes attributes(Object... namesAndValues) {
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.set(
                    (String) namesAndValues[i],
                    org.weft.store.Documents.MAPPER.valueToTree(namesAndValues[i + 1]));
        }
        return Attributes.of(values);
    }

    Network network(String name) {
        return services.networks().create(admin, attributes("name", name));
    }

    Subnet subnet(Network network, String cidr) {
        return services.subnets()
                .create(
                        admin,
                        attributes(
                                "network_id", network.id().value(), "ip_version", 4, "cidr", cidr));
    }

    @Override
    public void close() {
        store.close();
    }
}
