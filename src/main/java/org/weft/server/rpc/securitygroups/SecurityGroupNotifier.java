package org.weft.server.rpc.securitygroups;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.Bus;
import org.weft.bus.CastMethod;
import org.weft.bus.Topics;
import org.weft.bus.message.L2Messages;
import org.weft.server.service.Change;
import org.weft.server.service.ChangeListener;
import org.weft.server.service.Port;
import org.weft.server.service.SecurityGroup;
import org.weft.server.service.SecurityGroupId;
import org.weft.server.service.SecurityGroupRule;
import org.weft.server.service.StandardResource;

/**
 * Tells every Open vSwitch agent, by fanout, which security groups changed: {@code
 * security_groups_rule_updated} when a group or one of its rules changed, {@code
 * security_groups_member_updated} when a port joined or left groups or its addresses changed. Sent
 * from a thread of the notifier's own, after commit, in commit order.
 */
public final class SecurityGroupNotifier implements ChangeListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SecurityGroupNotifier.class);

    private final Bus bus;
    private final ExecutorService sender =
            Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().daemon().name("security-group-notifier").factory());

    public SecurityGroupNotifier(Bus bus) {
        this.bus = bus;
    }

    @Override
    public void resourceChanged(String resource, Change<? extends StandardResource> change) {
        if (resource.equals("security_group_rule")) {
            SecurityGroupRule rule = (SecurityGroupRule) change.latest();
            send(Topics.SECURITY_GROUPS_RULE_UPDATED, List.of(rule.securityGroupId()));
        } else if (resource.equals("security_group") && change.kind() != Change.Kind.CREATED) {
            SecurityGroup group = (SecurityGroup) change.latest();
            send(Topics.SECURITY_GROUPS_RULE_UPDATED, List.of(group.id()));
        }
    }

    @Override
    public void portChanged(Change<Port> change) {
        Set<SecurityGroupId> groups = new LinkedHashSet<>();
        change.before().ifPresent(port -> groups.addAll(port.securityGroups()));
        change.after().ifPresent(port -> groups.addAll(port.securityGroups()));
        boolean membershipChanged =
                change.kind() != Change.Kind.UPDATED
                        || !change.before()
                                .get()
                                .securityGroups()
                                .equals(change.after().get().securityGroups())
                        || !change.before()
                                .get()
                                .fixedIps()
                                .equals(change.after().get().fixedIps());
        if (membershipChanged && !groups.isEmpty()) {
            send(Topics.SECURITY_GROUPS_MEMBER_UPDATED, List.copyOf(groups));
        }
    }

    private void send(
            CastMethod<L2Messages.SecurityGroupsChanged> method, List<SecurityGroupId> groups) {
        L2Messages.SecurityGroupsChanged message =
                new L2Messages.SecurityGroupsChanged(
                        groups.stream().map(SecurityGroupId::value).toList());
        try {
            sender.execute(
                    () -> {
                        try {
                            bus.fanout(method, message);
                        } catch (RuntimeException e) {
                            log.warn(
                                    "cannot tell Open vSwitch agents {} {}: {}; they catch up at"
                                            + " their next full sync",
                                    method.name(),
                                    message,
                                    e.toString());
                        }
                    });
        } catch (RejectedExecutionException e) {
            log.debug("notifier closed, {} not sent", method.name());
        }
    }

    @Override
    public void close() {
        sender.shutdown();
    }
}
