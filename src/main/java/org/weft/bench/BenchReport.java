package org.weft.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What one benchmark run measured: a title for its section of the results file, the section's
 * Markdown (tables, ratios, goals), and the raw figures as JSON.
 */
public record BenchReport(String title, String markdown, ObjectNode figures) {}
