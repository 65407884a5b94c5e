/** Benchmarks: the load they put on Weft's parts and the figures they measure. */
package org.weft.bench;
