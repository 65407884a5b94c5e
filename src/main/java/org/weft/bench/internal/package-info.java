/** How the API benchmark drives its targets: parallel request loops, latency and CPU accounts. */
package org.weft.bench.internal;
