-- Which agents host which networks and routers (see org.weft.server.scheduler). A row binds one
-- resource to one agent; a network may have several DHCP agents, a router one L3 agent. Rows go
-- with their network, router or agent.

CREATE TABLE network_dhcp_agent_bindings (
    network_id VARCHAR(36) NOT NULL,
    dhcp_agent_id VARCHAR(36) NOT NULL,
    CONSTRAINT network_dhcp_agent_bindings_pk PRIMARY KEY (network_id, dhcp_agent_id),
    CONSTRAINT network_dhcp_agent_bindings_network_fk FOREIGN KEY (network_id)
        REFERENCES networks (id) ON DELETE CASCADE,
    CONSTRAINT network_dhcp_agent_bindings_agent_fk FOREIGN KEY (dhcp_agent_id)
        REFERENCES agents (id) ON DELETE CASCADE
);
CREATE INDEX network_dhcp_agent_bindings_agent ON network_dhcp_agent_bindings (dhcp_agent_id);

CREATE TABLE router_l3_agent_bindings (
    router_id VARCHAR(36) NOT NULL,
    l3_agent_id VARCHAR(36) NOT NULL,
    CONSTRAINT router_l3_agent_bindings_pk PRIMARY KEY (router_id, l3_agent_id),
    CONSTRAINT router_l3_agent_bindings_router_fk FOREIGN KEY (router_id)
        REFERENCES routers (id) ON DELETE CASCADE,
    CONSTRAINT router_l3_agent_bindings_agent_fk FOREIGN KEY (l3_agent_id)
        REFERENCES agents (id) ON DELETE CASCADE
);
CREATE INDEX router_l3_agent_bindings_agent ON router_l3_agent_bindings (l3_agent_id);
