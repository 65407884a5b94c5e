package org.weft.server.service;

import java.util.List;
import org.weft.server.NotFoundException;
import org.weft.server.policy.Caller;
import org.weft.store.Column;
import org.weft.store.DocumentTable;
import org.weft.store.Selection;
import org.weft.store.Transaction;

/** Security group rules: visible to their project, to their group's project, to administrators. */
final class SecurityGroupRuleKind extends ResourceKind<SecurityGroupRule> {
    static final DocumentTable<SecurityGroupRule> TABLE =
            new DocumentTable<>(
                    "security_group_rules",
                    SecurityGroupRule.class,
                    List.of(
                            Column.of("id", r -> r.id().value()),
                            Column.of("project_id", r -> r.projectId().value()),
                            Column.of("security_group_id", r -> r.securityGroupId().value()),
                            Column.of("direction", SecurityGroupRule::direction),
                            Column.of("ethertype", SecurityGroupRule::ethertype),
                            Column.of("protocol", r -> r.protocol().orElse(null)),
                            Column.of("port_range_min", r -> r.portRangeMin().orElse(null)),
                            Column.of("port_range_max", r -> r.portRangeMax().orElse(null)),
                            Column.of("remote_ip_prefix", r -> r.remoteIpPrefix().orElse(null)),
                            Column.of("normalized_cidr", r -> r.normalizedCidr().orElse(null)),
                            Column.of(
                                    "remote_group_id",
                                    r ->
                                            r.remoteGroupId()
                                                    .map(SecurityGroupId::value)
                                                    .orElse(null)),
                            Column.of(
                                    "remote_address_group_id",
                                    r -> r.remoteAddressGroupId().orElse(null)),
                            Column.of("description", r -> r.description().orElse(null)),
                            Column.of("rule_key", SecurityGroupRules::key),
                            Column.of("created_at", r -> r.createdAt().toString()),
                            Column.of("updated_at", r -> r.updatedAt().toString()),
                            Column.of("revision_number", SecurityGroupRule::revisionNumber)));

    private final ChangeEvents events;

    SecurityGroupRuleKind(ChangeEvents events) {
        super("security_group_rule", "security-group-rules", "SecurityGroupRule", TABLE);
        this.events = events;
    }

    @Override
    public boolean visibleTo(Caller caller, SecurityGroupRule rule) {
        return caller.admin() || caller.owns(rule.projectId());
    }

    @Override
    public SecurityGroupRule require(Transaction tx, Caller caller, String id) {
        SecurityGroupRule rule = table().find(tx, id).orElseThrow(() -> notFound(id));
        boolean ownsGroup =
                SecurityGroupKind.TABLE
                        .find(tx, rule.securityGroupId().value())
                        .map(group -> caller.owns(group.projectId()))
                        .orElse(false);
        if (visibleTo(caller, rule) || ownsGroup) {
            return rule;
        }
        throw notFound(id);
    }

    @Override
    public void restrictTo(Caller caller, Selection selection) {
        if (!caller.admin()) {
            selection.where(
                    "project_id = ? OR security_group_id IN (SELECT id FROM security_groups WHERE"
                            + " project_id = ?)",
                    caller.project().value(),
                    caller.project().value());
        }
    }

    @Override
    public NotFoundException notFound(String id) {
        return new NotFoundException(
                "SecurityGroupRuleNotFound", "Security group rule " + id + " does not exist");
    }

    @Override
    protected void publish(Transaction tx, Change<SecurityGroupRule> change) {
        events.publish(tx, name(), change);
    }
}
