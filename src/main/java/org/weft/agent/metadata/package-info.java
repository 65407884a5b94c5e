/**
 * Instance metadata: the per-router (or per-network) proxy that catches a VM's requests to
 * 169.254.169.254 and tags them with where they came from, and the metadata agent that finds the
 * instance behind them and forwards them, signed, to the Nova metadata server.
 */
package org.weft.agent.metadata;
