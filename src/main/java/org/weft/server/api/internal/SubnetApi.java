package org.weft.server.api.internal;

import java.util.List;
import java.util.OptionalLong;
import org.weft.server.api.AttributeSpec;
import org.weft.server.api.Filter;
import org.weft.server.api.ResourceCollection;
import org.weft.server.api.ResourceOperations;
import org.weft.server.api.ResourceSpec;
import org.weft.server.api.Validators;
import org.weft.server.policy.Caller;
import org.weft.server.service.Attributes;
import org.weft.server.service.Services;
import org.weft.server.service.Subnet;
import org.weft.server.service.SubnetId;

/** {@code /v2.0/subnets}: Neutron's subnet attributes. */
public final class SubnetApi {
    private SubnetApi() {}

    private static final List<String> IPV6_MODES =
            List.of("dhcpv6-stateful", "dhcpv6-stateless", "slaac");

    public static ResourceSpec spec() {
        ResourceSpec spec = new ResourceSpec("subnet", "subnets");
        spec.add(AttributeSpec.named("id").column("id", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("name")
                        .post()
                        .put()
                        .validate(Validators.string(255))
                        .column("name", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("ip_version")
                        .required()
                        .validate(Validators.INTEGER.then(Validators.oneOf(List.of(4, 6))))
                        .column("ip_version", Filter.Kind.INTEGER));
        spec.add(
                AttributeSpec.named("network_id")
                        .required()
                        .validate(Validators.UUID_TEXT)
                        .column("network_id", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("subnetpool_id")
                        .post()
                        .validate(Validators.orNull(Validators.UUID_TEXT))
                        .column("subnetpool_id", Filter.Kind.TEXT));
        spec.add(AttributeSpec.named("prefixlen").post().validate(Validators.INTEGER));
        spec.add(
                AttributeSpec.named("cidr")
                        .post()
                        .validate(Validators.orNull(Validators.SUBNET_CIDR))
                        .column("cidr", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("gateway_ip")
                        .post()
                        .put()
                        .validate(Validators.orNull(Validators.IP_ADDRESS))
                        .column("gateway_ip", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("allocation_pools")
                        .post()
                        .put()
                        .validate(Validators.orNull(Validators.ALLOCATION_POOLS)));
        spec.add(
                AttributeSpec.named("dns_nameservers")
                        .post()
                        .put()
                        .validate(Validators.NAMESERVERS));
        spec.add(AttributeSpec.named("host_routes").post().put().validate(Validators.HOST_ROUTES));
        spec.addStandard();
        spec.add(
                AttributeSpec.named("enable_dhcp")
                        .post()
                        .put()
                        .validate(Validators.BOOLEAN)
                        .column("enable_dhcp", Filter.Kind.BOOLEAN));
        spec.add(
                AttributeSpec.named("ipv6_ra_mode")
                        .post()
                        .validate(Validators.orNull(Validators.oneOf(IPV6_MODES)))
                        .column("ipv6_ra_mode", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("ipv6_address_mode")
                        .post()
                        .validate(Validators.orNull(Validators.oneOf(IPV6_MODES)))
                        .column("ipv6_address_mode", Filter.Kind.TEXT));
        spec.add(AttributeSpec.named("service_types"));
        return spec;
    }

    public static ResourceCollection<Subnet> collection(Services services) {
        ResourceOperations<Subnet> operations =
                new ResourceOperations<>() {
                    @Override
                    public Subnet create(Caller caller, Attributes attributes) {
                        return services.subnets().create(caller, attributes);
                    }

                    @Override
                    public Subnet update(
                            Caller caller, String id, Attributes changes, OptionalLong ifMatch) {
                        return services.subnets().update(caller, SubnetId.of(id), changes, ifMatch);
                    }

                    @Override
                    public void delete(Caller caller, String id, OptionalLong ifMatch) {
                        services.subnets().delete(caller, SubnetId.of(id), ifMatch);
                    }
                };
        return new ResourceCollection<>(
                spec(), services.subnets().kind(), operations, services.store(), services.tags());
    }
}
