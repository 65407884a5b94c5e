package org.weft.agent.l3;

import org.weft.config.Config;

/**
 * Which routers this agent takes, as {@code l3_agent.ini} narrows them: one router ({@code
 * router_id}), routers on one external network ({@code gateway_external_network_id}), and routers
 * without a gateway or not ({@code handle_internal_only_routers}). A router administratively down
 * is never kept.
 */
public record RouterFilter(
        String onlyRouterId, String onlyExternalNetworkId, boolean handleInternalOnlyRouters) {

    /** Every router. */
    public static RouterFilter all() {
        return new RouterFilter("", "", true);
    }

    public static RouterFilter from(Config config) {
        return new RouterFilter(
                config.get(L3AgentOptions.ROUTER_ID).strip(),
                config.get(L3AgentOptions.GATEWAY_EXTERNAL_NETWORK_ID).strip(),
                config.get(L3AgentOptions.HANDLE_INTERNAL_ONLY_ROUTERS));
    }

    /** Whether this agent makes {@code router}. */
    public boolean accepts(Router router) {
        if (!router.adminStateUp()) {
            return false;
        }
        if (!onlyRouterId.isEmpty() && !onlyRouterId.equals(router.id().value())) {
            return false;
        }
        if (router.gateway().isEmpty()) {
            return handleInternalOnlyRouters;
        }
        return onlyExternalNetworkId.isEmpty()
                || onlyExternalNetworkId.equals(router.gateway().get().networkId());
    }

    /** Whether a namespace of router {@code id} found on the host may be this agent's. */
    public boolean mayOwn(RouterId id) {
        return onlyRouterId.isEmpty() || onlyRouterId.equals(id.value());
    }
}
