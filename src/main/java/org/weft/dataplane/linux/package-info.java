/**
 * The Linux side of the dataplane: commands run to completion ({@code ip}, {@code
 * iptables-restore}), long-lived child processes Weft owns and stops by pid, network namespaces.
 */
package org.weft.dataplane.linux;
