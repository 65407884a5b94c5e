-- The agents the server has heard from (see org.weft.server.agent). One row per agent type and
-- host; every heartbeat updates it. Timestamps are ISO 8601 text in UTC, whole seconds, so that
-- they compare as text. configurations is the agent's own JSON object.

CREATE TABLE agents (
    id VARCHAR(36) NOT NULL,
    agent_type VARCHAR(255) NOT NULL,
    agent_binary VARCHAR(255) NOT NULL,
    topic VARCHAR(255) NOT NULL,
    host VARCHAR(255) NOT NULL,
    admin_state_up BOOLEAN NOT NULL,
    created_at VARCHAR(32) NOT NULL,
    started_at VARCHAR(32) NOT NULL,
    heartbeat_timestamp VARCHAR(32) NOT NULL,
    description VARCHAR(1020),
    configurations ${document} NOT NULL,
    availability_zone VARCHAR(255),
    resources_synced BOOLEAN,
    CONSTRAINT agents_pk PRIMARY KEY (id),
    CONSTRAINT agents_type_host UNIQUE (agent_type, host)
);
CREATE INDEX agents_host ON agents (host);
