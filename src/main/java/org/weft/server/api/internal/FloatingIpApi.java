package org.weft.server.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.weft.server.api.ApiRequest;
import org.weft.server.api.ApiResponse;
import org.weft.server.api.AttributeSpec;
import org.weft.server.api.Extension;
import org.weft.server.api.Filter;
import org.weft.server.api.ResourceCollection;
import org.weft.server.api.ResourceOperations;
import org.weft.server.api.ResourceSpec;
import org.weft.server.api.Validators;
import org.weft.server.policy.Caller;
import org.weft.server.service.Attributes;
import org.weft.server.service.FloatingIp;
import org.weft.server.service.FloatingIpId;
import org.weft.server.service.FloatingIps;
import org.weft.server.service.Services;
import org.weft.store.Documents;

/**
 * {@code /v2.0/floatingips}: floating IPs with the {@code port_details} of their port as it is at
 * the time of the answer.
 */
public final class FloatingIpApi {
    private FloatingIpApi() {}

    public static final List<Extension> EXTENSIONS =
            List.of(
                    new Extension(
                            "Floating IP Port Details Extension",
                            "fip-port-details",
                            "Add port_details attribute to Floating IP resource",
                            "2018-04-09T10:00:00-00:00"));

    public static ResourceSpec spec() {
        ResourceSpec spec = new ResourceSpec("floatingip", "floatingips");
        spec.add(AttributeSpec.named("id").column("id", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("floating_ip_address")
                        .post()
                        .validate(Validators.orNull(Validators.IP_ADDRESS))
                        .column("floating_ip_address", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("subnet_id")
                        .post()
                        .validate(Validators.orNull(Validators.UUID_TEXT)));
        spec.add(
                AttributeSpec.named("floating_network_id")
                        .required()
                        .validate(Validators.UUID_TEXT)
                        .column("floating_network_id", Filter.Kind.TEXT));
        spec.add(AttributeSpec.named("router_id").column("router_id", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("port_id")
                        .post()
                        .put()
                        .validate(Validators.orNull(Validators.UUID_TEXT))
                        .column("port_id", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("fixed_ip_address")
                        .post()
                        .put()
                        .validate(Validators.orNull(Validators.IP_ADDRESS))
                        .column("fixed_ip_address", Filter.Kind.TEXT));
        spec.add(AttributeSpec.named("status").column("status", Filter.Kind.TEXT));
        spec.add(AttributeSpec.named("port_details"));
        spec.addStandard();
        spec.createOrder(
                List.of(
                        "id",
                        "tenant_id",
                        "floating_ip_address",
                        "floating_network_id",
                        "router_id",
                        "port_id",
                        "fixed_ip_address",
                        "status",
                        "project_id",
                        "description",
                        "port_details",
                        "tags",
                        "created_at",
                        "updated_at",
                        "revision_number"),
                Map.of());
        return spec;
    }

    public static ResourceCollection<FloatingIp> collection(Services services) {
        FloatingIps floatingIps = services.floatingIps();
        ResourceOperations<FloatingIp> operations =
                new ResourceOperations<>() {
                    @Override
                    public FloatingIp create(Caller caller, Attributes attributes) {
                        return floatingIps.create(caller, attributes);
                    }

                    @Override
                    public FloatingIp update(
                            Caller caller, String id, Attributes changes, OptionalLong ifMatch) {
                        return floatingIps.update(caller, FloatingIpId.of(id), changes, ifMatch);
                    }

                    @Override
                    public void delete(Caller caller, String id, OptionalLong ifMatch) {
                        floatingIps.delete(caller, FloatingIpId.of(id), ifMatch);
                    }
                };
        return new ResourceCollection<>(
                spec(), floatingIps.kind(), operations, services.store(), services.tags()) {
            @Override
            protected ApiResponse show(ApiRequest request, String id) {
                FloatingIp shown =
                        services.store()
                                .inTransaction(
                                        tx ->
                                                floatingIps.current(
                                                        tx,
                                                        floatingIps
                                                                .kind()
                                                                .require(
                                                                        tx, request.caller(), id)));
                ObjectNode body = shown(request, shown);
                List<String> fields = request.queryValues("fields");
                if (!fields.isEmpty()) {
                    ((ObjectNode) body.get("floatingip")).retain(fields);
                }
                return ApiResponse.json(200, body);
            }

            @Override
            protected ApiResponse list(ApiRequest request) {
                ApiResponse listed = super.list(request);
                JsonNode body =
                        Documents.tree(
                                new String(listed.body(), java.nio.charset.StandardCharsets.UTF_8));
                boolean stale = false;
                for (JsonNode floatingIp : body.path("floatingips")) {
                    stale |= floatingIp.hasNonNull("port_details");
                }
                if (!stale) {
                    return listed;
                }
                services.store()
                        .inTransaction(
                                tx -> {
                                    for (JsonNode shown : body.path("floatingips")) {
                                        if (shown.hasNonNull("port_details")) {
                                            FloatingIp stored =
                                                    floatingIps
                                                            .kind()
                                                            .table()
                                                            .find(tx, shown.path("id").asText())
                                                            .orElseThrow();
                                            ((ObjectNode) shown)
                                                    .set(
                                                            "port_details",
                                                            Documents.tree(
                                                                            floatingIps.current(
                                                                                    tx, stored))
                                                                    .get("port_details"));
                                        }
                                    }
                                    return null;
                                });
                return ApiResponse.json(200, body);
            }
        };
    }
}
