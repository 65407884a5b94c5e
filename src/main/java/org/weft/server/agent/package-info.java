/**
 * The agent registry of the server: every agent's {@code report_state} heartbeat recorded in the
 * database, and {@code /v2.0/agents} showing them, with {@code alive} computed from {@code
 * agent_down_time}.
 */
package org.weft.server.agent;
