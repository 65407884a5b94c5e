package org.weft.server.scheduler.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Function;
import org.weft.server.Errors;
import org.weft.server.agent.Agent;
import org.weft.server.agent.AgentId;
import org.weft.server.agent.internal.AgentApi;
import org.weft.server.api.ApiRequest;
import org.weft.server.api.ApiResponse;
import org.weft.server.api.Extension;
import org.weft.server.api.ResourceCollection;
import org.weft.server.api.Router;
import org.weft.server.api.SubCollection;
import org.weft.server.policy.Caller;
import org.weft.server.scheduler.DhcpScheduler;
import org.weft.server.scheduler.L3Scheduler;
import org.weft.server.service.Network;
import org.weft.server.service.NetworkId;
import org.weft.server.service.RouterId;
import org.weft.store.Documents;

/**
 * The {@code dhcp_agent_scheduler} and {@code l3_agent_scheduler} extensions as Neutron has them:
 * {@code /v2.0/agents/{id}/dhcp-networks} (list, add with {@code {"network_id": …}}, and {@code
 * DELETE …/{network_id}}), {@code /v2.0/networks/{id}/dhcp-agents}, {@code
 * /v2.0/agents/{id}/l3-routers} (the same with {@code router_id}) and {@code
 * /v2.0/routers/{id}/l3-agents}. An add answers 201 with a {@code null} body, a removal 204, as
 * Neutron does; a network or router no agent hosts lists no agents.
 */
public final class SchedulerApi {
    private SchedulerApi() {}

    public static final Extension DHCP_EXTENSION =
            new Extension(
                    "DHCP Agent Scheduler",
                    "dhcp_agent_scheduler",
                    "Schedule networks among dhcp agents",
                    "2013-02-07T10:00:00-00:00");

    public static final Extension L3_EXTENSION =
            new Extension(
                    "L3 Agent Scheduler",
                    "l3_agent_scheduler",
                    "Schedule routers among l3 agents",
                    "2013-02-07T10:00:00-00:00");

    /** Serves the four paths on the agents', networks' and routers' collections. */
    public static void register(
            DhcpScheduler dhcp,
            L3Scheduler l3,
            AgentApi agents,
            ResourceCollection<Network> networks,
            ResourceCollection<org.weft.server.service.Router> routers) {
        agents.subCollection(
                new AgentResources<>(
                        "dhcp-networks",
                        "networks",
                        "network_id",
                        (caller, agent) -> dhcp.networksOf(caller, agent),
                        networks::view,
                        (caller, agent, id) -> dhcp.add(caller, agent, NetworkId.of(id)),
                        (caller, agent, id) -> dhcp.remove(caller, agent, NetworkId.of(id))));
        agents.subCollection(
                new AgentResources<>(
                        "l3-routers",
                        "routers",
                        "router_id",
                        (caller, agent) -> l3.routersOf(caller, agent),
                        routers::view,
                        (caller, agent, id) -> l3.add(caller, agent, RouterId.of(id)),
                        (caller, agent, id) -> l3.remove(caller, agent, RouterId.of(id))));
        networks.subCollection(
                new HostingAgents(
                        "dhcp-agents",
                        (caller, id) -> dhcp.agentsOf(caller, NetworkId.of(id)),
                        agents::view));
        routers.subCollection(
                new HostingAgents(
                        "l3-agents",
                        (caller, id) -> l3.agentsOf(caller, RouterId.of(id)),
                        agents::view));
    }

    private interface Lister<T> {
        List<T> list(Caller caller, AgentId agent);
    }

    private interface Change {
        void apply(Caller caller, AgentId agent, String resourceId);
    }

    private interface View<T> {
        ObjectNode of(Caller caller, T resource);
    }

    /** What one agent hosts: list, add, remove. */
    private record AgentResources<T>(
            String name,
            String listKey,
            String idKey,
            Lister<T> lister,
            View<T> view,
            Change add,
            Change remove)
            implements SubCollection {

        @Override
        public ApiResponse handle(ApiRequest request, String parentId, List<String> rest) {
            AgentId agent = new AgentId(parentId);
            Caller caller = request.caller();
            if (rest.isEmpty()) {
                return switch (request.method()) {
                    case "GET" -> list(caller, agent);
                    case "POST" -> {
                        add.apply(caller, agent, resourceId(request.json()));
                        yield new ApiResponse(201, "null".getBytes());
                    }
                    default -> throw Router.methodNotAllowed();
                };
            }
            if (rest.size() == 1 && request.method().equals("DELETE")) {
                remove.apply(caller, agent, rest.get(0));
                return ApiResponse.noContent();
            }
            throw rest.size() == 1 ? Router.methodNotAllowed() : Router.notFound();
        }

        private ApiResponse list(Caller caller, AgentId agent) {
            ObjectNode body = Documents.MAPPER.createObjectNode();
            ArrayNode items = body.putArray(listKey);
            lister.list(caller, agent).forEach(item -> items.add(view.of(caller, item)));
            return ApiResponse.json(200, body);
        }

        private String resourceId(JsonNode body) {
            JsonNode id = body.path(idKey);
            if (!id.isTextual() || id.asText().isBlank()) {
                throw Errors.badRequest(
                        "Failed to parse request. Required attribute '"
                                + idKey
                                + "' not specified");
            }
            return id.asText();
        }
    }

    /** The agents hosting one network or router. */
    private record HostingAgents(
            String name,
            java.util.function.BiFunction<Caller, String, List<Agent>> lister,
            Function<Agent, ObjectNode> view)
            implements SubCollection {

        @Override
        public ApiResponse handle(ApiRequest request, String parentId, List<String> rest) {
            if (!rest.isEmpty()) {
                throw Router.notFound();
            }
            if (!request.method().equals("GET")) {
                throw Router.methodNotAllowed();
            }
            ObjectNode body = Documents.MAPPER.createObjectNode();
            ArrayNode agents = body.putArray("agents");
            lister.apply(request.caller(), parentId)
                    .forEach(agent -> agents.add(view.apply(agent)));
            return ApiResponse.json(200, body);
        }
    }
}
