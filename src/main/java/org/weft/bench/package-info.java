/**
 * {@code weft bench}: named benchmarks, each one picocli subcommand extending {@link
 * org.weft.bench.Benchmark}, and the one results file they all write ({@code bench/RESULTS.md}, raw
 * figures in {@code bench/results/}); the load they put on Weft's parts and the figures they
 * measure. Also the tools the benchmarks and the compatibility tests share: a keep-alive HTTP/1.1
 * connection that shows the wire as sent, and a {@code weft server} child process.
 */
package org.weft.bench;
