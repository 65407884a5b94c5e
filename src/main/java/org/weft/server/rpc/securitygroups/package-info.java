/**
 * The server's side of security groups for the Open vSwitch agents' firewalls: {@code
 * security_group_info_for_devices} (ports, their groups' rules, the addresses of remote groups'
 * members) and the {@code security_groups_rule_updated} and {@code security_groups_member_updated}
 * notifications after commit.
 */
package org.weft.server.rpc.securitygroups;
