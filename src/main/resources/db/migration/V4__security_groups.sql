-- Security groups and their rules (see org.weft.server.service.SecurityGroups). A group's
-- document embeds its rules as the API shows them; each rule also has a row of its own.

CREATE TABLE security_groups (
    id VARCHAR(36) NOT NULL,
    project_id VARCHAR(255) NOT NULL,
    name VARCHAR(1020) NOT NULL,
    description VARCHAR(1020) NOT NULL,
    stateful BOOLEAN NOT NULL,
    shared BOOLEAN NOT NULL,
    created_at VARCHAR(32) NOT NULL,
    updated_at VARCHAR(32) NOT NULL,
    revision_number BIGINT NOT NULL,
    doc ${document} NOT NULL,
    CONSTRAINT security_groups_pk PRIMARY KEY (id)
);
CREATE INDEX security_groups_project ON security_groups (project_id);

-- The one default group of each project: the primary key is what keeps two concurrent first
-- requests of a project from making two.
CREATE TABLE default_security_groups (
    project_id VARCHAR(255) NOT NULL,
    security_group_id VARCHAR(36) NOT NULL,
    CONSTRAINT default_security_groups_pk PRIMARY KEY (project_id),
    CONSTRAINT default_security_groups_group_fk FOREIGN KEY (security_group_id)
        REFERENCES security_groups (id) ON DELETE CASCADE
);

-- rule_key is Neutron's comparison of rules (direction, ethertype, ports, protocol as name and
-- number, remotes, an any-address prefix counted as none): the unique key refuses a duplicate
-- even from a concurrent request. standard_attr_id numbers rules as Neutron's standard
-- attributes table does (set right after the insert, in the same transaction).
CREATE TABLE security_group_rules (
    id VARCHAR(36) NOT NULL,
    project_id VARCHAR(255) NOT NULL,
    security_group_id VARCHAR(36) NOT NULL,
    direction VARCHAR(16) NOT NULL,
    ethertype VARCHAR(16) NOT NULL,
    protocol VARCHAR(40),
    port_range_min INTEGER,
    port_range_max INTEGER,
    remote_ip_prefix VARCHAR(64),
    normalized_cidr VARCHAR(64),
    remote_group_id VARCHAR(36),
    remote_address_group_id VARCHAR(36),
    description VARCHAR(1020),
    rule_key VARCHAR(512) NOT NULL,
    standard_attr_id BIGINT,
    created_at VARCHAR(32) NOT NULL,
    updated_at VARCHAR(32) NOT NULL,
    revision_number BIGINT NOT NULL,
    doc ${document} NOT NULL,
    CONSTRAINT security_group_rules_pk PRIMARY KEY (id),
    CONSTRAINT security_group_rules_group_fk FOREIGN KEY (security_group_id)
        REFERENCES security_groups (id),
    CONSTRAINT security_group_rules_key UNIQUE (security_group_id, rule_key),
    CONSTRAINT security_group_rules_attr_id UNIQUE (standard_attr_id)
);
CREATE INDEX security_group_rules_group ON security_group_rules (security_group_id);
CREATE INDEX security_group_rules_remote ON security_group_rules (remote_group_id);
CREATE INDEX security_group_rules_project ON security_group_rules (project_id);

ALTER TABLE port_security_groups ADD CONSTRAINT port_security_groups_group_fk
    FOREIGN KEY (security_group_id) REFERENCES security_groups (id);
