-- Networks, subnets, ports and what they own. Each resource table keeps the whole resource as
-- a JSON document (doc) plus copies of the attributes that filters, sorting and constraints
-- need. Portable SQL: H2, MariaDB and PostgreSQL run this file as is; ${document} is the one
-- type spelled differently (see org.weft.store.Dialect).

CREATE TABLE networks (
    id VARCHAR(36) NOT NULL,
    project_id VARCHAR(255) NOT NULL,
    name VARCHAR(1020) NOT NULL,
    description VARCHAR(1020) NOT NULL,
    admin_state_up BOOLEAN NOT NULL,
    status VARCHAR(16) NOT NULL,
    shared BOOLEAN NOT NULL,
    router_external BOOLEAN NOT NULL,
    mtu INTEGER NOT NULL,
    port_security_enabled BOOLEAN NOT NULL,
    network_type VARCHAR(32),
    physical_network VARCHAR(64),
    segmentation_id INTEGER,
    created_at VARCHAR(32) NOT NULL,
    updated_at VARCHAR(32) NOT NULL,
    revision_number BIGINT NOT NULL,
    doc ${document} NOT NULL,
    CONSTRAINT networks_pk PRIMARY KEY (id)
);
CREATE INDEX networks_project ON networks (project_id);

CREATE TABLE subnets (
    id VARCHAR(36) NOT NULL,
    project_id VARCHAR(255) NOT NULL,
    network_id VARCHAR(36) NOT NULL,
    name VARCHAR(1020) NOT NULL,
    description VARCHAR(1020) NOT NULL,
    ip_version INTEGER NOT NULL,
    cidr VARCHAR(64) NOT NULL,
    gateway_ip VARCHAR(64),
    enable_dhcp BOOLEAN NOT NULL,
    ipv6_ra_mode VARCHAR(32),
    ipv6_address_mode VARCHAR(32),
    subnetpool_id VARCHAR(36),
    created_at VARCHAR(32) NOT NULL,
    updated_at VARCHAR(32) NOT NULL,
    revision_number BIGINT NOT NULL,
    doc ${document} NOT NULL,
    CONSTRAINT subnets_pk PRIMARY KEY (id),
    CONSTRAINT subnets_network_fk FOREIGN KEY (network_id) REFERENCES networks (id)
);
CREATE INDEX subnets_network ON subnets (network_id);
CREATE INDEX subnets_project ON subnets (project_id);

-- binding_host is binding:host_id, the host whose agent wires the port.
CREATE TABLE ports (
    id VARCHAR(36) NOT NULL,
    project_id VARCHAR(255) NOT NULL,
    network_id VARCHAR(36) NOT NULL,
    name VARCHAR(1020) NOT NULL,
    description VARCHAR(1020) NOT NULL,
    admin_state_up BOOLEAN NOT NULL,
    status VARCHAR(16) NOT NULL,
    mac_address VARCHAR(17) NOT NULL,
    device_id VARCHAR(255) NOT NULL,
    device_owner VARCHAR(255) NOT NULL,
    binding_host VARCHAR(255) NOT NULL,
    vnic_type VARCHAR(64) NOT NULL,
    vif_type VARCHAR(64) NOT NULL,
    port_security_enabled BOOLEAN NOT NULL,
    created_at VARCHAR(32) NOT NULL,
    updated_at VARCHAR(32) NOT NULL,
    revision_number BIGINT NOT NULL,
    doc ${document} NOT NULL,
    CONSTRAINT ports_pk PRIMARY KEY (id),
    CONSTRAINT ports_network_fk FOREIGN KEY (network_id) REFERENCES networks (id),
    CONSTRAINT ports_network_mac UNIQUE (network_id, mac_address)
);
CREATE INDEX ports_project ON ports (project_id);
CREATE INDEX ports_binding_host ON ports (binding_host);
CREATE INDEX ports_device ON ports (device_id);

-- One row per fixed IP: the unique key ip_allocations_address is what keeps two ports (or two
-- servers sharing the database) from taking one address. A port's addresses are taken before its own row is
-- written (the row holds them), so port_id has no foreign key; deleting a port deletes them.
CREATE TABLE ip_allocations (
    subnet_id VARCHAR(36) NOT NULL,
    ip_address VARCHAR(64) NOT NULL,
    port_id VARCHAR(36) NOT NULL,
    network_id VARCHAR(36) NOT NULL,
    CONSTRAINT ip_allocations_pk PRIMARY KEY (port_id, subnet_id, ip_address),
    CONSTRAINT ip_allocations_address UNIQUE (subnet_id, ip_address),
    CONSTRAINT ip_allocations_subnet_fk FOREIGN KEY (subnet_id) REFERENCES subnets (id)
);

-- A port's security groups. The groups' own table comes with security groups; it adds the
-- foreign key then.
CREATE TABLE port_security_groups (
    port_id VARCHAR(36) NOT NULL,
    security_group_id VARCHAR(36) NOT NULL,
    CONSTRAINT port_security_groups_pk PRIMARY KEY (port_id, security_group_id),
    CONSTRAINT port_security_groups_port_fk FOREIGN KEY (port_id) REFERENCES ports (id)
        ON DELETE CASCADE
);
CREATE INDEX port_security_groups_group ON port_security_groups (security_group_id);

-- Tags of any resource (ids are UUIDs, unique across resource types).
CREATE TABLE resource_tags (
    resource_id VARCHAR(36) NOT NULL,
    tag VARCHAR(255) NOT NULL,
    CONSTRAINT resource_tags_pk PRIMARY KEY (resource_id, tag)
);
CREATE INDEX resource_tags_tag ON resource_tags (tag);

-- Limits set through the API; a resource without a row here has the configured default.
CREATE TABLE quotas (
    project_id VARCHAR(255) NOT NULL,
    resource VARCHAR(64) NOT NULL,
    hard_limit INTEGER NOT NULL,
    CONSTRAINT quotas_pk PRIMARY KEY (project_id, resource)
);

-- How many of each resource a project holds, kept in the transaction that creates or deletes
-- one, so that a limit holds under concurrent creates; hard_limit copies the project's limit
-- from quotas (null: the configured default), so that a charge is one UPDATE.
CREATE TABLE quota_usages (
    project_id VARCHAR(255) NOT NULL,
    resource VARCHAR(64) NOT NULL,
    in_use INTEGER NOT NULL,
    hard_limit INTEGER,
    CONSTRAINT quota_usages_pk PRIMARY KEY (project_id, resource)
);
