package org.weft.server.api.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.weft.server.BadRequestException;
import org.weft.server.Errors;
import org.weft.server.api.ApiRequest;
import org.weft.server.api.ApiResponse;
import org.weft.server.api.AttributeSpec;
import org.weft.server.api.Extension;
import org.weft.server.api.Filter;
import org.weft.server.api.ResourceCollection;
import org.weft.server.api.ResourceOperations;
import org.weft.server.api.ResourceSpec;
import org.weft.server.api.Validator;
import org.weft.server.api.Validators;
import org.weft.server.policy.Caller;
import org.weft.server.service.Attributes;
import org.weft.server.service.HostRoute;
import org.weft.server.service.PortId;
import org.weft.server.service.Router;
import org.weft.server.service.RouterId;
import org.weft.server.service.Routers;
import org.weft.server.service.Services;
import org.weft.server.service.SubnetId;
import org.weft.store.Documents;

/**
 * {@code /v2.0/routers}: routers with their gateway, extra routes and the member actions {@code
 * add_router_interface}, {@code remove_router_interface}, {@code add_extraroutes} and {@code
 * remove_extraroutes}.
 */
public final class RouterApi {
    private RouterApi() {}

    /** The extensions of routers as the reference lists them. */
    public static final List<Extension> EXTENSIONS =
            List.of(
                    new Extension(
                            "Neutron L3 Router",
                            "router",
                            "Router abstraction for basic L3 forwarding between L2 Neutron"
                                    + " networks and access to external networks via a NAT"
                                    + " gateway.",
                            "2012-07-20T10:00:00-00:00"),
                    new Extension(
                            "Neutron L3 Configurable external gateway mode",
                            "ext-gw-mode",
                            "Extension of the router abstraction for specifying whether SNAT"
                                    + " should occur on the external gateway",
                            "2013-03-28T10:00:00-00:00"),
                    new Extension(
                            "Neutron Extra Route",
                            "extraroute",
                            "Extra routes configuration for L3 router",
                            "2013-02-01T10:00:00-00:00"),
                    new Extension(
                            "Prevent L3 router ports IP address change extension",
                            "l3-port-ip-change-not-allowed",
                            "Prevent change of IP address for some L3 router ports",
                            "2018-10-09T10:00:00-00:00"),
                    new Extension(
                            "Atomically add/remove extra routes",
                            "extraroute-atomic",
                            "Edit extra routes of a router on server side by atomically"
                                    + " adding/removing extra routes",
                            "2019-07-10T00:00:00+00:00"));

    private static final Set<String> GATEWAY_KEYS =
            Set.of("network_id", "enable_snat", "external_fixed_ips");

    /** {@code external_gateway_info}: null, empty, or a dict with at least a network. */
    static final Validator GATEWAY =
            (attribute, value) -> {
                if (value.isNull() || (value.isObject() && value.isEmpty())) {
                    return value;
                }
                if (!value.isObject()) {
                    throw Errors.invalidAttribute(
                            attribute,
                            "'"
                                    + org.weft.server.api.PythonText.str(value)
                                    + "' is not a dictionary");
                }
                if (!value.has("network_id")) {
                    Set<String> provided = new TreeSet<>();
                    value.fieldNames().forEachRemaining(provided::add);
                    throw Errors.invalidAttribute(
                            attribute,
                            "Validation of dictionary's keys failed. Expected keys:"
                                    + " {'network_id'} Provided keys: {"
                                    + String.join(
                                            ", ",
                                            provided.stream().map(k -> "'" + k + "'").toList())
                                    + "}");
                }
                List<String> unexpected = new ArrayList<>();
                value.fieldNames()
                        .forEachRemaining(
                                key -> {
                                    if (!GATEWAY_KEYS.contains(key)) {
                                        unexpected.add(key);
                                    }
                                });
                if (!unexpected.isEmpty()) {
                    throw Errors.invalidAttribute(
                            attribute,
                            "Unexpected keys supplied: " + String.join(", ", unexpected));
                }
                ObjectNode converted = Documents.MAPPER.createObjectNode();
                converted.set(
                        "network_id",
                        Validators.UUID_TEXT.apply(attribute, value.get("network_id")));
                if (value.has("enable_snat")) {
                    converted.set(
                            "enable_snat",
                            Validators.BOOLEAN.apply(attribute, value.get("enable_snat")));
                }
                if (value.has("external_fixed_ips")) {
                    converted.set(
                            "external_fixed_ips",
                            Validators.FIXED_IPS.apply(attribute, value.get("external_fixed_ips")));
                }
                return converted;
            };

    public static ResourceSpec spec() {
        ResourceSpec spec = new ResourceSpec("router", "routers");
        spec.add(AttributeSpec.named("id").column("id", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("name")
                        .post()
                        .put()
                        .validate(Validators.string(255))
                        .column("name", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("admin_state_up")
                        .post()
                        .put()
                        .validate(Validators.BOOLEAN)
                        .column("admin_state_up", Filter.Kind.BOOLEAN));
        spec.add(AttributeSpec.named("status").column("status", Filter.Kind.TEXT));
        spec.add(AttributeSpec.named("external_gateway_info").post().put().validate(GATEWAY));
        spec.add(AttributeSpec.named("routes").put().validate(Validators.HOST_ROUTES));
        spec.add(AttributeSpec.named("distributed"));
        spec.add(AttributeSpec.named("ha"));
        spec.add(
                AttributeSpec.named("availability_zone_hints")
                        .post()
                        .validate(Validators.STRING_LIST));
        spec.add(AttributeSpec.named("availability_zones"));
        spec.add(AttributeSpec.named("flavor_id"));
        spec.addStandard();
        return spec;
    }

    public static ResourceCollection<Router> collection(Services services) {
        Routers routers = services.routers();
        ResourceOperations<Router> operations =
                new ResourceOperations<>() {
                    @Override
                    public Router create(Caller caller, Attributes attributes) {
                        return routers.create(caller, attributes);
                    }

                    @Override
                    public Router update(
                            Caller caller, String id, Attributes changes, OptionalLong ifMatch) {
                        return routers.update(caller, RouterId.of(id), changes, ifMatch);
                    }

                    @Override
                    public void delete(Caller caller, String id, OptionalLong ifMatch) {
                        routers.delete(caller, RouterId.of(id), ifMatch);
                    }
                };
        ResourceCollection<Router> collection =
                new ResourceCollection<>(
                        spec(), routers.kind(), operations, services.store(), services.tags());
        collection.action(
                "add_router_interface",
                (request, id) -> {
                    InterfaceRequest wanted = interfaceRequest(request, true);
                    return interfaceInfo(
                            routers.addInterface(
                                    request.caller(), RouterId.of(id), wanted.subnet, wanted.port));
                });
        collection.action(
                "remove_router_interface",
                (request, id) -> {
                    InterfaceRequest wanted = interfaceRequest(request, false);
                    return interfaceInfo(
                            routers.removeInterface(
                                    request.caller(), RouterId.of(id), wanted.subnet, wanted.port));
                });
        collection.action(
                "add_extraroutes",
                (request, id) ->
                        ApiResponse.json(
                                200,
                                routerBody(
                                        collection,
                                        request,
                                        routers.addRoutes(
                                                request.caller(),
                                                RouterId.of(id),
                                                routesOf(collection, request)))));
        collection.action(
                "remove_extraroutes",
                (request, id) ->
                        ApiResponse.json(
                                200,
                                routerBody(
                                        collection,
                                        request,
                                        routers.removeRoutes(
                                                request.caller(),
                                                RouterId.of(id),
                                                routesOf(collection, request)))));
        return collection;
    }

    private static ObjectNode routerBody(
            ResourceCollection<Router> collection, ApiRequest request, Router router) {
        return collection.shown(request, router);
    }

    private static List<HostRoute> routesOf(
            ResourceCollection<Router> collection, ApiRequest request) {
        ObjectNode member = Bodies.member(collection.spec(), request.json());
        JsonNode routes = Validators.HOST_ROUTES.apply("routes", member.path("routes"));
        List<HostRoute> parsed = new ArrayList<>();
        for (JsonNode route : routes) {
            parsed.add(Documents.fromTree(route, HostRoute.class));
        }
        return parsed;
    }

    private record InterfaceRequest(Optional<SubnetId> subnet, Optional<PortId> port) {}

    private static InterfaceRequest interfaceRequest(ApiRequest request, boolean adding) {
        JsonNode body = request.json();
        if (!body.isObject()) {
            throw badRouterRequest("Body contains invalid data");
        }
        Optional<String> subnet = idOf(body, "subnet_id");
        Optional<String> port = idOf(body, "port_id");
        if (subnet.isEmpty() && port.isEmpty()) {
            throw badRouterRequest("Either subnet_id or port_id must be specified.");
        }
        if (adding && subnet.isPresent() && port.isPresent()) {
            throw badRouterRequest("Cannot specify both subnet-id and port-id.");
        }
        return new InterfaceRequest(subnet.map(SubnetId::of), port.map(PortId::of));
    }

    private static Optional<String> idOf(JsonNode body, String key) {
        JsonNode value = body.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || !Validators.isUuid(value.asText())) {
            throw badRouterRequest(
                    "'" + org.weft.server.api.PythonText.str(value) + "' is not a valid UUID.");
        }
        return Optional.of(value.asText().toLowerCase(java.util.Locale.ROOT));
    }

    private static BadRequestException badRouterRequest(String reason) {
        return new BadRequestException("BadRequest", "Bad router request: " + reason);
    }

    private static ApiResponse interfaceInfo(Routers.InterfaceInfo info) {
        ObjectNode body = Documents.MAPPER.createObjectNode();
        body.put("id", info.routerId().value());
        body.put("tenant_id", info.projectId().value());
        body.put("port_id", info.portId().value());
        body.put("network_id", info.networkId().value());
        body.put("subnet_id", info.subnetIds().isEmpty() ? null : info.subnetIds().get(0).value());
        body.set("subnet_ids", Documents.MAPPER.valueToTree(info.subnetIds()));
        return ApiResponse.json(200, body);
    }
}
