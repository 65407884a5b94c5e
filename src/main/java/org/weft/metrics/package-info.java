/**
 * What every Weft process tells an operator's monitoring: one Prometheus registry per process
 * ({@link org.weft.metrics.Metrics}) that the parts record into, and the small HTTP endpoint
 * ({@link org.weft.metrics.MetricsEndpoint}) that serves it at {@code /metrics} beside a {@code
 * /healthcheck} built from the process's {@link org.weft.metrics.Health} checks.
 */
package org.weft.metrics;
