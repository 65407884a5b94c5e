/**
 * IP address management: addresses, CIDRs and ranges of both IP versions, a subnet's allocation
 * pools (their defaults and their checks), MAC addresses from the configured base, and the
 * allocation of fixed IPs against the store's unique constraints.
 */
package org.weft.server.ipam;
