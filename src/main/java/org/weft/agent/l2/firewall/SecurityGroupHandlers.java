package org.weft.agent.l2.firewall;

import org.weft.agent.l2.FirewallDriver;
import org.weft.agent.l2.firewall.internal.SecurityGroupCache;
import org.weft.bus.Handlers;
import org.weft.bus.Topics;

/** The server's security group notifications, as both drivers hear them. */
final class SecurityGroupHandlers {
    private SecurityGroupHandlers() {}

    /** Marks the groups named stale and asks the agent to program again. */
    static Handlers.Builder add(
            Handlers.Builder l2Agent, SecurityGroupCache groups, FirewallDriver.Context agent) {
        return l2Agent.on(
                        Topics.SECURITY_GROUPS_RULE_UPDATED,
                        changed -> {
                            groups.groupsChanged(changed.securityGroupIds());
                            agent.reprogram();
                        })
                .on(
                        Topics.SECURITY_GROUPS_MEMBER_UPDATED,
                        changed -> {
                            groups.groupsChanged(changed.securityGroupIds());
                            agent.reprogram();
                        });
    }
}
