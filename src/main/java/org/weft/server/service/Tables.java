package org.weft.server.service;

import java.util.List;
import org.weft.store.Column;
import org.weft.store.DocumentTable;

/** The document tables of networks, subnets and ports, with the columns each copies. */
final class Tables {
    private Tables() {}

    static final DocumentTable<Network> NETWORKS =
            new DocumentTable<>(
                    "networks",
                    Network.class,
                    List.of(
                            Column.of("id", n -> n.id().value()),
                            Column.of("project_id", n -> n.projectId().value()),
                            Column.of("name", Network::name),
                            Column.of("description", Network::description),
                            Column.of("admin_state_up", Network::adminStateUp),
                            Column.of("status", Network::status),
                            Column.of("shared", Network::shared),
                            Column.of("router_external", Network::routerExternal),
                            Column.of("mtu", Network::mtu),
                            Column.of("port_security_enabled", Network::portSecurityEnabled),
                            Column.of("network_type", n -> n.networkType().orElse(null)),
                            Column.of("physical_network", n -> n.physicalNetwork().orElse(null)),
                            Column.of("segmentation_id", n -> n.segmentationId().orElse(null)),
                            Column.of("created_at", n -> n.createdAt().toString()),
                            Column.of("updated_at", n -> n.updatedAt().toString()),
                            Column.of("revision_number", Network::revisionNumber)));

    static final DocumentTable<Subnet> SUBNETS =
            new DocumentTable<>(
                    "subnets",
                    Subnet.class,
                    List.of(
                            Column.of("id", s -> s.id().value()),
                            Column.of("project_id", s -> s.projectId().value()),
                            Column.of("network_id", s -> s.networkId().value()),
                            Column.of("name", Subnet::name),
                            Column.of("description", Subnet::description),
                            Column.of("ip_version", Subnet::ipVersion),
                            Column.of("cidr", s -> s.cidr().toString()),
                            Column.of(
                                    "gateway_ip",
                                    s -> s.gatewayIp().map(Object::toString).orElse(null)),
                            Column.of("enable_dhcp", Subnet::enableDhcp),
                            Column.of("ipv6_ra_mode", s -> s.ipv6RaMode().orElse(null)),
                            Column.of("ipv6_address_mode", s -> s.ipv6AddressMode().orElse(null)),
                            Column.of("subnetpool_id", s -> s.subnetpoolId().orElse(null)),
                            Column.of("created_at", s -> s.createdAt().toString()),
                            Column.of("updated_at", s -> s.updatedAt().toString()),
                            Column.of("revision_number", Subnet::revisionNumber)));

    static final DocumentTable<Port> PORTS =
            new DocumentTable<>(
                    "ports",
                    Port.class,
                    List.of(
                            Column.of("id", p -> p.id().value()),
                            Column.of("project_id", p -> p.projectId().value()),
                            Column.of("network_id", p -> p.networkId().value()),
                            Column.of("name", Port::name),
                            Column.of("description", Port::description),
                            Column.of("admin_state_up", Port::adminStateUp),
                            Column.of("status", Port::status),
                            Column.of("mac_address", p -> p.macAddress().toString()),
                            Column.of("device_id", Port::deviceId),
                            Column.of("device_owner", Port::deviceOwner),
                            Column.of("binding_host", Port::bindingHost),
                            Column.of("vnic_type", Port::vnicType),
                            Column.of("vif_type", Port::vifType),
                            Column.of("port_security_enabled", Port::portSecurityEnabled),
                            Column.of("created_at", p -> p.createdAt().toString()),
                            Column.of("updated_at", p -> p.updatedAt().toString()),
                            Column.of("revision_number", Port::revisionNumber)));
}
