-- Network segments, tunnel endpoints and where ports are wired: the server's side of the L2
-- agents. Portable SQL for H2, MariaDB and PostgreSQL.

-- One row per segment in use: a VLAN id on a physical network, a tunnel key of one type, or a
-- whole physical network for a flat network (segmentation_id 0). The unique key is what keeps
-- two networks (or two servers sharing the database) from taking one segment.
CREATE TABLE ml2_segment_allocations (
    network_type VARCHAR(16) NOT NULL,
    physical_network VARCHAR(64) NOT NULL,
    segmentation_id BIGINT NOT NULL,
    network_id VARCHAR(36) NOT NULL,
    CONSTRAINT ml2_segment_allocations_taken
        UNIQUE (network_type, physical_network, segmentation_id)
);
CREATE INDEX ml2_segment_allocations_network ON ml2_segment_allocations (network_id);

-- The tunnel endpoint (local_ip) each host's L2 agent registered, per tunnel type.
CREATE TABLE ml2_tunnel_endpoints (
    tunnel_type VARCHAR(16) NOT NULL,
    ip_address VARCHAR(64) NOT NULL,
    host VARCHAR(255) NOT NULL,
    CONSTRAINT ml2_tunnel_endpoints_address UNIQUE (tunnel_type, ip_address)
);
CREATE INDEX ml2_tunnel_endpoints_host ON ml2_tunnel_endpoints (host);

-- The host whose L2 agent last reported a port wired: with the ports' binding:host_id, it says
-- which hosts a network reaches, so that agents flood only to those.
CREATE TABLE ml2_port_hosts (
    port_id VARCHAR(36) NOT NULL,
    network_id VARCHAR(36) NOT NULL,
    host VARCHAR(255) NOT NULL,
    CONSTRAINT ml2_port_hosts_pk PRIMARY KEY (port_id),
    CONSTRAINT ml2_port_hosts_port_fk FOREIGN KEY (port_id) REFERENCES ports (id)
        ON DELETE CASCADE
);
CREATE INDEX ml2_port_hosts_network ON ml2_port_hosts (network_id);
