-- Routers, their ports and floating IPs (see org.weft.server.service.Routers and FloatingIps).

-- gateway_network_id copies the network of external_gateway_info, which floating IPs look up.
CREATE TABLE routers (
    id VARCHAR(36) NOT NULL,
    project_id VARCHAR(255) NOT NULL,
    name VARCHAR(1020) NOT NULL,
    description VARCHAR(1020) NOT NULL,
    admin_state_up BOOLEAN NOT NULL,
    status VARCHAR(16) NOT NULL,
    gateway_network_id VARCHAR(36),
    created_at VARCHAR(32) NOT NULL,
    updated_at VARCHAR(32) NOT NULL,
    revision_number BIGINT NOT NULL,
    doc ${document} NOT NULL,
    CONSTRAINT routers_pk PRIMARY KEY (id)
);
CREATE INDEX routers_project ON routers (project_id);
CREATE INDEX routers_gateway_network ON routers (gateway_network_id);

-- The ports a router owns: its interfaces (network:router_interface) and its gateway
-- (network:router_gateway). A port belongs to one router at most.
CREATE TABLE router_ports (
    port_id VARCHAR(36) NOT NULL,
    router_id VARCHAR(36) NOT NULL,
    port_type VARCHAR(64) NOT NULL,
    CONSTRAINT router_ports_pk PRIMARY KEY (port_id),
    CONSTRAINT router_ports_router_fk FOREIGN KEY (router_id) REFERENCES routers (id),
    CONSTRAINT router_ports_port_fk FOREIGN KEY (port_id) REFERENCES ports (id)
);
CREATE INDEX router_ports_router ON router_ports (router_id);

-- A floating IP's address is the fixed IP of its own port (network:floatingip, device_id the
-- floating IP's id) on the external network, so that ip_allocations keeps two floating IPs
-- from one address. The unique key floatingips_fixed_address gives one fixed IP at most one
-- floating IP per external network, also between concurrent requests.
CREATE TABLE floatingips (
    id VARCHAR(36) NOT NULL,
    project_id VARCHAR(255) NOT NULL,
    floating_network_id VARCHAR(36) NOT NULL,
    floating_ip_address VARCHAR(64) NOT NULL,
    port_id VARCHAR(36),
    fixed_ip_address VARCHAR(64),
    router_id VARCHAR(36),
    status VARCHAR(16) NOT NULL,
    description VARCHAR(1020) NOT NULL,
    created_at VARCHAR(32) NOT NULL,
    updated_at VARCHAR(32) NOT NULL,
    revision_number BIGINT NOT NULL,
    doc ${document} NOT NULL,
    CONSTRAINT floatingips_pk PRIMARY KEY (id),
    CONSTRAINT floatingips_fixed_address UNIQUE (port_id, fixed_ip_address, floating_network_id)
);
CREATE INDEX floatingips_project ON floatingips (project_id);
CREATE INDEX floatingips_router ON floatingips (router_id);
CREATE INDEX floatingips_port ON floatingips (port_id);
CREATE INDEX floatingips_network ON floatingips (floating_network_id);
