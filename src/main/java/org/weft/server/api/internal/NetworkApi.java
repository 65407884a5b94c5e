package org.weft.server.api.internal;

import com.fasterxml.jackson.databind.node.BooleanNode;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.weft.server.api.AttributeSpec;
import org.weft.server.api.Filter;
import org.weft.server.api.ResourceCollection;
import org.weft.server.api.ResourceOperations;
import org.weft.server.api.ResourceSpec;
import org.weft.server.api.Validators;
import org.weft.server.policy.Caller;
import org.weft.server.service.Attributes;
import org.weft.server.service.Network;
import org.weft.server.service.NetworkId;
import org.weft.server.service.Services;

/** {@code /v2.0/networks}: Neutron's network attributes with its extensions' ones. */
public final class NetworkApi {
    private NetworkApi() {}

    public static ResourceSpec spec() {
        ResourceSpec spec = new ResourceSpec("network", "networks");
        spec.add(AttributeSpec.named("id").column("id", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("name")
                        .post()
                        .put()
                        .validate(Validators.string(255))
                        .column("name", Filter.Kind.TEXT));
        spec.add(AttributeSpec.named("subnets"));
        spec.add(
                AttributeSpec.named("admin_state_up")
                        .post()
                        .put()
                        .validate(Validators.BOOLEAN)
                        .column("admin_state_up", Filter.Kind.BOOLEAN));
        spec.add(AttributeSpec.named("status").column("status", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("shared")
                        .post()
                        .put()
                        .validate(Validators.BOOLEAN)
                        .column("shared", Filter.Kind.BOOLEAN));
        spec.addStandard();
        spec.add(
                AttributeSpec.named("mtu")
                        .post()
                        .put()
                        .validate(Validators.integerAtLeast(68))
                        .column("mtu", Filter.Kind.INTEGER));
        spec.add(
                AttributeSpec.named("port_security_enabled")
                        .post()
                        .put()
                        .validate(Validators.BOOLEAN)
                        .column("port_security_enabled", Filter.Kind.BOOLEAN));
        spec.add(
                AttributeSpec.named("router:external")
                        .post()
                        .put()
                        .validate(Validators.BOOLEAN)
                        .column("router_external", Filter.Kind.BOOLEAN));
        spec.add(
                AttributeSpec.named("provider:network_type")
                        .post()
                        .put()
                        .adminOnly()
                        .validate(Validators.stringOrNull(255))
                        .column("network_type", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("provider:physical_network")
                        .post()
                        .put()
                        .adminOnly()
                        .validate(Validators.stringOrNull(64))
                        .column("physical_network", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("provider:segmentation_id")
                        .post()
                        .put()
                        .adminOnly()
                        .validate(Validators.orNull(Validators.INTEGER))
                        .column("segmentation_id", Filter.Kind.INTEGER));
        spec.add(
                AttributeSpec.named("availability_zone_hints")
                        .post()
                        .validate(Validators.STRING_LIST));
        spec.add(AttributeSpec.named("availability_zones"));
        spec.add(AttributeSpec.named("ipv4_address_scope"));
        spec.add(AttributeSpec.named("ipv6_address_scope"));
        spec.createOrder(
                List.of(
                        "id",
                        "name",
                        "tenant_id",
                        "admin_state_up",
                        "mtu",
                        "status",
                        "subnets",
                        "shared",
                        "project_id",
                        "port_security_enabled",
                        "router:external",
                        "provider:network_type",
                        "provider:physical_network",
                        "provider:segmentation_id",
                        "is_default",
                        "availability_zone_hints",
                        "availability_zones",
                        "ipv4_address_scope",
                        "ipv6_address_scope",
                        "description",
                        "tags",
                        "created_at",
                        "updated_at",
                        "revision_number"),
                Map.of("is_default", BooleanNode.FALSE));
        return spec;
    }

    public static ResourceCollection<Network> collection(Services services) {
        ResourceOperations<Network> operations =
                new ResourceOperations<>() {
                    @Override
                    public Network create(Caller caller, Attributes attributes) {
                        return services.networks().create(caller, attributes);
                    }

                    @Override
                    public Network update(
                            Caller caller, String id, Attributes changes, OptionalLong ifMatch) {
                        return services.networks()
                                .update(caller, NetworkId.of(id), changes, ifMatch);
                    }

                    @Override
                    public void delete(Caller caller, String id, OptionalLong ifMatch) {
                        services.networks().delete(caller, NetworkId.of(id), ifMatch);
                    }
                };
        return new ResourceCollection<>(
                spec(), services.networks().kind(), operations, services.store(), services.tags());
    }
}
