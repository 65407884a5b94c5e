package org.weft.server.api.internal;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.weft.server.api.AttributeSpec;
import org.weft.server.api.Filter;
import org.weft.server.api.ResourceCollection;
import org.weft.server.api.ResourceOperations;
import org.weft.server.api.ResourceSpec;
import org.weft.server.api.Validators;
import org.weft.server.policy.Caller;
import org.weft.server.service.Attributes;
import org.weft.server.service.Port;
import org.weft.server.service.PortId;
import org.weft.server.service.Services;

/** {@code /v2.0/ports}: Neutron's port attributes with binding, security and DHCP options. */
public final class PortApi {
    private PortApi() {}

    private static final List<String> VNIC_TYPES =
            List.of(
                    "normal",
                    "direct",
                    "macvtap",
                    "baremetal",
                    "direct-physical",
                    "virtio-forwarder",
                    "smart-nic",
                    "vdpa",
                    "remote-managed",
                    "accelerator-direct",
                    "accelerator-direct-physical");

    public static ResourceSpec spec() {
        ResourceSpec spec = new ResourceSpec("port", "ports");
        spec.add(AttributeSpec.named("id").column("id", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("name")
                        .post()
                        .put()
                        .validate(Validators.string(255))
                        .column("name", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("network_id")
                        .required()
                        .validate(Validators.UUID_TEXT)
                        .column("network_id", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("admin_state_up")
                        .post()
                        .put()
                        .validate(Validators.BOOLEAN)
                        .column("admin_state_up", Filter.Kind.BOOLEAN));
        spec.add(
                AttributeSpec.named("mac_address")
                        .post()
                        .put()
                        .validate(Validators.MAC_ADDRESS)
                        .column("mac_address", Filter.Kind.LOWER_TEXT));
        spec.add(
                AttributeSpec.named("fixed_ips")
                        .post()
                        .put()
                        .validate(Validators.orNull(Validators.FIXED_IPS))
                        .filter(PortApi::filterFixedIps));
        spec.add(
                AttributeSpec.named("device_id")
                        .post()
                        .put()
                        .validate(Validators.string(255))
                        .column("device_id", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("device_owner")
                        .post()
                        .put()
                        .validate(Validators.string(255))
                        .column("device_owner", Filter.Kind.TEXT));
        spec.addStandard();
        spec.add(AttributeSpec.named("status").column("status", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("allowed_address_pairs")
                        .post()
                        .put()
                        .validate(Validators.orNull(Validators.ADDRESS_PAIRS)));
        spec.add(
                AttributeSpec.named("extra_dhcp_opts")
                        .post()
                        .put()
                        .validate(Validators.EXTRA_DHCP_OPTIONS));
        spec.add(
                AttributeSpec.named("security_groups")
                        .post()
                        .put()
                        .validate(Validators.orNull(Validators.UUID_LIST))
                        .filter(PortApi::filterSecurityGroups));
        spec.add(
                AttributeSpec.named("port_security_enabled")
                        .post()
                        .put()
                        .validate(Validators.BOOLEAN)
                        .column("port_security_enabled", Filter.Kind.BOOLEAN));
        spec.add(
                AttributeSpec.named("binding:vnic_type")
                        .post()
                        .put()
                        .validate(Validators.oneOf(VNIC_TYPES))
                        .column("vnic_type", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("binding:host_id")
                        .post()
                        .put()
                        .adminOnly()
                        .validate(Validators.string(255))
                        .column("binding_host", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("binding:profile")
                        .post()
                        .put()
                        .adminOnly()
                        .validate(Validators.orNull(Validators.DICTIONARY)));
        spec.add(
                AttributeSpec.named("binding:vif_type")
                        .adminOnly()
                        .column("vif_type", Filter.Kind.TEXT));
        spec.add(AttributeSpec.named("binding:vif_details").adminOnly());
        spec.createOrder(
                List.of(
                        "id",
                        "name",
                        "network_id",
                        "tenant_id",
                        "mac_address",
                        "admin_state_up",
                        "status",
                        "device_id",
                        "device_owner",
                        "fixed_ips",
                        "project_id",
                        "port_security_enabled",
                        "security_groups",
                        "binding:vnic_type",
                        "binding:profile",
                        "binding:host_id",
                        "binding:vif_type",
                        "binding:vif_details",
                        "allowed_address_pairs",
                        "extra_dhcp_opts",
                        "description",
                        "tags",
                        "created_at",
                        "updated_at",
                        "revision_number"),
                java.util.Map.of());
        spec.createOrderOnlyWhen(port -> port.path("binding:host_id").asText().isEmpty());
        return spec;
    }

    /**
     * {@code fixed_ips=ip_address=10.0.0.5} and {@code fixed_ips=subnet_id=ID}: ports holding such
     * an address. Other keys are ignored, as the reference ignores them.
     */
    private static void filterFixedIps(
            org.weft.store.Selection selection, List<String> values, Caller caller) {
        List<String> conditions = new java.util.ArrayList<>();
        List<Object> args = new java.util.ArrayList<>();
        for (String value : values) {
            int equals = value.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String key = value.substring(0, equals).toLowerCase(Locale.ROOT);
            String wanted = value.substring(equals + 1);
            if (key.equals("ip_address")) {
                conditions.add("ip_address = ?");
                args.add(canonicalAddress(wanted));
            } else if (key.equals("subnet_id")) {
                conditions.add("subnet_id = ?");
                args.add(wanted);
            }
        }
        if (!conditions.isEmpty()) {
            selection.where(
                    "id IN (SELECT port_id FROM ip_allocations WHERE "
                            + String.join(" OR ", conditions)
                            + ")",
                    args.toArray());
        }
    }

    private static String canonicalAddress(String text) {
        return org.weft.server.ipam.IpAddress.isValid(text)
                ? org.weft.server.ipam.IpAddress.parse(text).toString()
                : text;
    }

    private static void filterSecurityGroups(
            org.weft.store.Selection selection, List<String> values, Caller caller) {
        selection.where(
                "id IN (SELECT port_id FROM port_security_groups WHERE security_group_id IN ("
                        + "?, ".repeat(values.size() - 1)
                        + "?))",
                values.toArray());
    }

    public static ResourceCollection<Port> collection(Services services) {
        ResourceOperations<Port> operations =
                new ResourceOperations<>() {
                    @Override
                    public Port create(Caller caller, Attributes attributes) {
                        return services.ports().create(caller, attributes);
                    }

                    @Override
                    public Port update(
                            Caller caller, String id, Attributes changes, OptionalLong ifMatch) {
                        return services.ports().update(caller, PortId.of(id), changes, ifMatch);
                    }

                    @Override
                    public void delete(Caller caller, String id, OptionalLong ifMatch) {
                        services.ports().delete(caller, PortId.of(id), ifMatch);
                    }
                };
        return new ResourceCollection<>(
                spec(), services.ports().kind(), operations, services.store(), services.tags());
    }
}
