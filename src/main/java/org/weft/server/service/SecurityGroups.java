package org.weft.server.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.server.BadRequestException;
import org.weft.server.ConflictException;
import org.weft.server.Errors;
import org.weft.server.NotFoundException;
import org.weft.server.ipam.Cidr;
import org.weft.server.ipam.IpAddress;
import org.weft.server.policy.Caller;
import org.weft.server.policy.ProjectId;
import org.weft.store.ConcurrentUpdateException;
import org.weft.store.Constraints;
import org.weft.store.Documents;
import org.weft.store.DuplicateKeyException;
import org.weft.store.Transaction;

/**
 * Security groups and their rules: each project's {@code default} group, made on the project's
 * first use as Neutron makes it (its first network, port, group or list of groups), with Neutron's
 * default rules; the checks of new rules; and the groups of ports, as the ports' {@link
 * PortSecurityGroups}.
 */
public final class SecurityGroups implements PortSecurityGroups {
    private static final Logger log = LoggerFactory.getLogger(SecurityGroups.class);
    static final String RULE_KEY = "security_group_rules_key";
    static final String RULE_ATTRIBUTE_ID = "security_group_rules_attr_id";
    private static final int NUMBERING_TRIES = 16;
    private static final Comparator<ObjectNode> BY_ID =
            Comparator.comparing(shown -> shown.path("id").asText());

    static {
        Constraints.register(RULE_KEY);
        Constraints.register(RULE_ATTRIBUTE_ID);
    }

    private final ServiceContext context;
    private final SecurityGroupKind kind;
    private final SecurityGroupRuleKind ruleKind;

    SecurityGroups(ServiceContext context) {
        this.context = context;
        this.kind = new SecurityGroupKind(context.events);
        this.ruleKind = new SecurityGroupRuleKind(context.events);
    }

    public ResourceKind<SecurityGroup> kind() {
        return kind;
    }

    public ResourceKind<SecurityGroupRule> ruleKind() {
        return ruleKind;
    }

    public SecurityGroup get(Caller caller, SecurityGroupId id) {
        return context.store.inTransaction(tx -> kind.require(tx, caller, id.value()));
    }

    /** The rules of {@code groups}, for the agents that enforce them. */
    public List<SecurityGroupRule> rulesOf(Collection<SecurityGroupId> groups) {
        return context.store.inTransaction(
                tx -> {
                    List<SecurityGroupRule> rules = new ArrayList<>();
                    for (SecurityGroupId group : groups) {
                        rules.addAll(
                                SecurityGroupRuleKind.TABLE.where(
                                        tx, "security_group_id = ?", group.value()));
                    }
                    return rules;
                });
    }

    /** The ports that are members of {@code group}. */
    public List<PortId> members(SecurityGroupId group) {
        return context.store.inTransaction(tx -> members(tx, group));
    }

    private static List<PortId> members(Transaction tx, SecurityGroupId group) {
        return tx.query(
                "SELECT port_id FROM port_security_groups WHERE security_group_id = ? ORDER BY"
                        + " port_id",
                row -> PortId.of(row.getString(1)),
                group.value());
    }

    /** Makes sure the project a list shows has its default group, as a list does in Neutron. */
    public void ensureDefault(ProjectId project) {
        context.store.inTransaction(tx -> ensureDefault(tx, project));
    }

    /**
     * The default group of {@code project}, made with Neutron's four default rules if it has none:
     * egress to anywhere and ingress from members of the group, for IPv4 and IPv6.
     */
    public SecurityGroupId ensureDefault(Transaction tx, ProjectId project) {
        Optional<SecurityGroupId> existing = defaultOf(tx, project);
        if (existing.isPresent()) {
            return existing.get();
        }
        SecurityGroupId id = SecurityGroupId.random();
        Optional<SecurityGroupId> made =
                tx.inSavepoint(
                        () -> {
                            insertGroup(
                                    tx,
                                    project,
                                    id,
                                    SecurityGroup.DEFAULT,
                                    "Default security group",
                                    true,
                                    List.of());
                            boolean first =
                                    tx.insertUnlessDuplicate(
                                            "INSERT INTO default_security_groups (project_id,"
                                                    + " security_group_id) VALUES (?, ?)",
                                            project.value(),
                                            id.value());
                            if (!first) {
                                throw new ConcurrentUpdateException(
                                        "default security group of project "
                                                + project
                                                + " made concurrently");
                            }
                            List<SecurityGroupRule> rules = new ArrayList<>();
                            for (String ethertype : List.of("IPv4", "IPv6")) {
                                rules.add(
                                        defaultRule(
                                                project,
                                                id,
                                                SecurityGroupRule.INGRESS,
                                                ethertype,
                                                Optional.of(id)));
                                rules.add(
                                        defaultRule(
                                                project,
                                                id,
                                                SecurityGroupRule.EGRESS,
                                                ethertype,
                                                Optional.empty()));
                            }
                            addRules(tx, id, rules);
                            context.quotas.charge(tx, project, "security_group", 1);
                            context.quotas.charge(tx, project, "security_group_rule", 4);
                            return Optional.of(id);
                        });
        log.info("default security group created: security_group={} project={}", id, project);
        return made.orElseThrow();
    }

    private static Optional<SecurityGroupId> defaultOf(Transaction tx, ProjectId project) {
        return tx.queryOne(
                "SELECT security_group_id FROM default_security_groups WHERE project_id = ?",
                row -> SecurityGroupId.of(row.getString(1)),
                project.value());
    }

    private boolean isDefault(Transaction tx, SecurityGroup group) {
        return defaultOf(tx, group.projectId()).filter(group.id()::equals).isPresent();
    }

    public SecurityGroup create(Caller caller, Attributes request) {
        ProjectId owner = ServiceContext.owner(caller, request);
        SecurityGroup group =
                context.store.inTransaction(
                        tx -> {
                            ensureDefault(tx, owner);
                            String name = request.string("name", "");
                            if (name.equals(SecurityGroup.DEFAULT)) {
                                throw defaultExists();
                            }
                            SecurityGroupId id = SecurityGroupId.random();
                            insertGroup(
                                    tx,
                                    owner,
                                    id,
                                    name,
                                    request.string("description", ""),
                                    request.bool("stateful", true),
                                    List.of());
                            List<SecurityGroupRule> rules = new ArrayList<>();
                            for (String ethertype : List.of("IPv4", "IPv6")) {
                                rules.add(
                                        defaultRule(
                                                owner,
                                                id,
                                                SecurityGroupRule.EGRESS,
                                                ethertype,
                                                Optional.empty()));
                            }
                            addRules(tx, id, rules);
                            context.quotas.charge(tx, owner, "security_group", 1);
                            context.quotas.charge(tx, owner, "security_group_rule", 2);
                            SecurityGroup created = requireGroup(tx, id);
                            kind.publish(tx, Change.created(created));
                            return created;
                        });
        log.info("security group created: security_group={} project={}", group.id(), owner);
        return group;
    }

    private static ConflictException defaultExists() {
        return new ConflictException(
                "SecurityGroupDefaultAlreadyExists", "Default security group already exists.");
    }

    private void insertGroup(
            Transaction tx,
            ProjectId owner,
            SecurityGroupId id,
            String name,
            String description,
            boolean stateful,
            List<ObjectNode> rules) {
        Instant now = context.now();
        SecurityGroupKind.TABLE.insert(
                tx,
                new SecurityGroup(
                        id,
                        name,
                        stateful,
                        owner,
                        description,
                        false,
                        rules,
                        List.of(),
                        now,
                        now,
                        1));
    }

    private SecurityGroupRule defaultRule(
            ProjectId owner,
            SecurityGroupId group,
            String direction,
            String ethertype,
            Optional<SecurityGroupId> remoteGroup) {
        Instant now = context.now();
        return new SecurityGroupRule(
                SecurityGroupRuleId.random(),
                owner,
                group,
                ethertype,
                direction,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                remoteGroup,
                Optional.empty(),
                now,
                now,
                0);
    }

    private static SecurityGroup requireGroup(Transaction tx, SecurityGroupId id) {
        return SecurityGroupKind.TABLE.find(tx, id.value()).orElseThrow();
    }

    public SecurityGroup update(
            Caller caller, SecurityGroupId id, Attributes changes, OptionalLong ifMatch) {
        return context.store.inTransaction(
                tx -> {
                    SecurityGroup current = kind.require(tx, caller, id.value());
                    ServiceContext.checkRevision(current, ifMatch);
                    ServiceContext.requireOwner(caller, current, "update_security_group");
                    if (changes.has("stateful")
                            && changes.bool("stateful", true) != current.stateful()
                            && !members(tx, id).isEmpty()) {
                        throw inUse(id);
                    }
                    if (changes.has("name")) {
                        if (isDefault(tx, current)) {
                            throw new ConflictException(
                                    "SecurityGroupCannotUpdateDefault",
                                    "Updating default security group not allowed.");
                        }
                        if (changes.string("name", "").equals(SecurityGroup.DEFAULT)) {
                            throw defaultExists();
                        }
                    }
                    if (changes.isEmpty()) {
                        return current;
                    }
                    ObjectNode document = Documents.tree(current);
                    document.setAll(changes.asJson());
                    SecurityGroup changed = Documents.fromTree(document, SecurityGroup.class);
                    return kind.replace(tx, current, changed, context.now());
                });
    }

    private static ConflictException inUse(SecurityGroupId id) {
        return new ConflictException("SecurityGroupInUse", "Security Group " + id + " in use.");
    }

    /**
     * Deletes a group with its rules and the rules of other groups that name it as their remote
     * group; refused while ports are members, and for the default group unless by an administrator.
     */
    public void delete(Caller caller, SecurityGroupId id, OptionalLong ifMatch) {
        context.store.inTransaction(
                tx -> {
                    SecurityGroup group = kind.require(tx, caller, id.value());
                    ServiceContext.checkRevision(group, ifMatch);
                    ServiceContext.requireOwner(caller, group, "delete_security_group");
                    if (!caller.admin() && isDefault(tx, group)) {
                        throw new ConflictException(
                                "SecurityGroupCannotRemoveDefault",
                                "Insufficient rights for removing default security group.");
                    }
                    if (!members(tx, id).isEmpty()) {
                        throw inUse(id);
                    }
                    delete(tx, group);
                    return group;
                });
        log.info("security group deleted: security_group={}", id);
    }

    private void delete(Transaction tx, SecurityGroup group) {
        for (SecurityGroupRule rule :
                SecurityGroupRuleKind.TABLE.where(
                        tx,
                        "remote_group_id = ? AND security_group_id <> ?",
                        group.id().value(),
                        group.id().value())) {
            removeRule(tx, rule);
        }
        List<SecurityGroupRule> own =
                SecurityGroupRuleKind.TABLE.where(tx, "security_group_id = ?", group.id().value());
        for (SecurityGroupRule rule : own) {
            SecurityGroupRuleKind.TABLE.delete(tx, rule.resourceId());
            context.quotas.refund(tx, rule.projectId(), "security_group_rule", 1);
            ruleKind.publish(tx, Change.deleted(rule));
        }
        Tags.deleteAll(tx, group.resourceId());
        tx.update(
                "DELETE FROM default_security_groups WHERE security_group_id = ?",
                group.id().value());
        SecurityGroupKind.TABLE.delete(tx, group.resourceId());
        context.quotas.refund(tx, group.projectId(), "security_group", 1);
        kind.publish(tx, Change.deleted(group));
    }

    /** Adds a rule to a group after Neutron's checks; a rule like one already there is refused. */
    public SecurityGroupRule createRule(Caller caller, Attributes request) {
        ProjectId owner = ServiceContext.owner(caller, request);
        SecurityGroupRule rule =
                context.store.inTransaction(tx -> createRule(tx, caller, owner, request));
        log.info(
                "security group rule created: security_group_rule={} security_group={}",
                rule.id(),
                rule.securityGroupId());
        return rule;
    }

    private SecurityGroupRule createRule(
            Transaction tx, Caller caller, ProjectId owner, Attributes request) {
        String ethertype = request.string("ethertype", "IPv4");
        Optional<String> protocol =
                SecurityGroupRules.canonicalProtocol(request.string("protocol"), ethertype);
        Optional<Integer> min = request.integer("port_range_min");
        Optional<Integer> max = request.integer("port_range_max");
        if (SecurityGroupRules.isWholePortRange(protocol, min, max)) {
            min = Optional.empty();
            max = Optional.empty();
        }
        SecurityGroupRules.check(protocol, min, max, ethertype);
        Optional<String> prefix = request.string("remote_ip_prefix");
        Optional<String> normalized = prefix.map(given -> normalizedPrefix(given, ethertype));
        Optional<SecurityGroupId> remoteGroup =
                request.string("remote_group_id").map(SecurityGroupId::of);
        Optional<String> remoteAddressGroup = request.string("remote_address_group_id");
        int remotes =
                (prefix.isPresent() ? 1 : 0)
                        + (remoteGroup.isPresent() ? 1 : 0)
                        + (remoteAddressGroup.isPresent() ? 1 : 0);
        if (remotes > 1) {
            throw new BadRequestException(
                    "SecurityGroupMultipleRemoteEntites",
                    "Only one of remote_ip_prefix or remote_group_id or remote_address_group_id"
                            + " may be provided.");
        }
        remoteGroup.ifPresent(remote -> kind.require(tx, caller, remote.value()));
        remoteAddressGroup.ifPresent(
                remote -> {
                    // Address groups are not part of Weft: none exists to be named.
                    throw new NotFoundException(
                            "AddressGroupNotFound",
                            "Address group " + remote + " could not be found.");
                });
        SecurityGroup target = kind.require(tx, caller, request.string("security_group_id", ""));
        ServiceContext.requireOwner(caller, target, "create_security_group_rule");
        Instant now = context.now();
        SecurityGroupRule rule =
                new SecurityGroupRule(
                        SecurityGroupRuleId.random(),
                        owner,
                        target.id(),
                        ethertype,
                        request.string("direction", ""),
                        protocol,
                        min,
                        max,
                        prefix.map(given -> canonicalPrefix(given)),
                        remoteAddressGroup,
                        normalized,
                        remoteGroup,
                        Optional.of(request.string("description", "")),
                        now,
                        now,
                        0);
        long number = insertRule(tx, rule);
        ruleKind.publish(tx, Change.created(rule));
        SecurityGroup group = requireGroup(tx, rule.securityGroupId());
        List<ObjectNode> rules = new ArrayList<>(group.rules());
        rules.add(rule.inGroup(number));
        rules.sort(BY_ID);
        kind.replace(
                tx,
                group,
                Documents.fromTree(withRules(group, rules), SecurityGroup.class),
                context.now());
        context.quotas.charge(tx, owner, "security_group_rule", 1);
        return rule;
    }

    /** The prefix with its length always written, host bits kept, as Neutron stores it. */
    private static String canonicalPrefix(String given) {
        String address = given.contains("/") ? given.substring(0, given.indexOf('/')) : given;
        Cidr cidr = Cidr.parse(given);
        return IpAddress.parse(address) + "/" + cidr.prefixLength();
    }

    private static String normalizedPrefix(String given, String ethertype) {
        Cidr cidr = Cidr.parse(given);
        if (!("IPv" + cidr.version()).equals(ethertype)) {
            throw new BadRequestException(
                    "SecurityGroupRuleParameterConflict",
                    "Conflicting value ethertype " + ethertype + " for CIDR " + given);
        }
        return cidr.toString();
    }

    /**
     * Stores a rule and shows it in its group. Its key refuses a rule like one already there; its
     * {@code standard_attr_id} is the next free number, taken again if a concurrent rule took it.
     */
    private long insertRule(Transaction tx, SecurityGroupRule rule) {
        for (int attempt = 1; ; attempt++) {
            long number =
                    tx.queryLong(
                            "SELECT COALESCE(MAX(standard_attr_id), 0) + 1 FROM"
                                    + " security_group_rules");
            try {
                tx.inSavepoint(
                        () -> {
                            SecurityGroupRuleKind.TABLE.insert(tx, rule);
                            return tx.update(
                                    "UPDATE security_group_rules SET standard_attr_id = ? WHERE id"
                                            + " = ?",
                                    number,
                                    rule.id().value());
                        });
                return number;
            } catch (DuplicateKeyException e) {
                if (e.constraint().equals(RULE_KEY)) {
                    throw ruleExists(tx, rule);
                }
                if (!e.constraint().equals(RULE_ATTRIBUTE_ID) || attempt == NUMBERING_TRIES) {
                    throw e;
                }
            }
        }
    }

    private static ConflictException ruleExists(Transaction tx, SecurityGroupRule rule) {
        String existing =
                tx.queryOne(
                                "SELECT id FROM security_group_rules WHERE security_group_id = ?"
                                        + " AND rule_key = ?",
                                row -> row.getString(1),
                                rule.securityGroupId().value(),
                                SecurityGroupRules.key(rule))
                        .orElseThrow(
                                () ->
                                        new ConcurrentUpdateException(
                                                "a rule like " + rule.id() + " is being added"));
        return new ConflictException(
                "SecurityGroupRuleExists",
                "Security group rule already exists. Rule id is " + existing + ".");
    }

    /** Stores the rules a group is made with, shown in it as part of its creation. */
    private void addRules(Transaction tx, SecurityGroupId id, List<SecurityGroupRule> made) {
        List<ObjectNode> rules = new ArrayList<>();
        for (SecurityGroupRule rule : made) {
            rules.add(rule.inGroup(insertRule(tx, rule)));
        }
        rules.sort(BY_ID);
        SecurityGroup group = requireGroup(tx, id);
        SecurityGroupKind.TABLE.replace(
                tx,
                Documents.fromTree(withRules(group, rules), SecurityGroup.class),
                id.value(),
                group.revisionNumber());
    }

    /** Changes a rule's description, the one attribute of a rule that can change. */
    public SecurityGroupRule updateRule(
            Caller caller, SecurityGroupRuleId id, Attributes changes, OptionalLong ifMatch) {
        return context.store.inTransaction(
                tx -> {
                    SecurityGroupRule current = ruleKind.require(tx, caller, id.value());
                    ServiceContext.checkRevision(current, ifMatch);
                    ServiceContext.requireOwner(caller, current, "update_security_group_rule");
                    if (changes.isEmpty()) {
                        return current;
                    }
                    ObjectNode document = Documents.tree(current);
                    document.setAll(changes.asJson());
                    SecurityGroupRule changed =
                            ruleKind.replace(
                                    tx,
                                    current,
                                    Documents.fromTree(document, SecurityGroupRule.class),
                                    context.now());
                    SecurityGroup group = requireGroup(tx, current.securityGroupId());
                    List<ObjectNode> rules = new ArrayList<>();
                    for (ObjectNode shown : group.rules()) {
                        if (shown.path("id").asText().equals(id.value())) {
                            shown.set("description", document.get("description"));
                            shown.put("revision_number", changed.revisionNumber());
                            shown.set(
                                    "updated_at",
                                    Documents.MAPPER.valueToTree(changed.updatedAt()));
                        }
                        rules.add(shown);
                    }
                    kind.replace(
                            tx,
                            group,
                            Documents.fromTree(withRules(group, rules), SecurityGroup.class),
                            context.now());
                    return changed;
                });
    }

    public void deleteRule(Caller caller, SecurityGroupRuleId id, OptionalLong ifMatch) {
        context.store.inTransaction(
                tx -> {
                    SecurityGroupRule rule = ruleKind.require(tx, caller, id.value());
                    ServiceContext.checkRevision(rule, ifMatch);
                    SecurityGroup group = requireGroup(tx, rule.securityGroupId());
                    if (!caller.admin()
                            && !caller.owns(rule.projectId())
                            && !caller.owns(group.projectId())) {
                        throw Errors.policy("rule:delete_security_group_rule");
                    }
                    removeRule(tx, rule);
                    return rule;
                });
        log.info("security group rule deleted: security_group_rule={}", id);
    }

    private void removeRule(Transaction tx, SecurityGroupRule rule) {
        SecurityGroupRuleKind.TABLE.delete(tx, rule.resourceId());
        SecurityGroup group = requireGroup(tx, rule.securityGroupId());
        List<ObjectNode> rules = new ArrayList<>(group.rules());
        rules.removeIf(shown -> shown.path("id").asText().equals(rule.id().value()));
        kind.replace(
                tx,
                group,
                Documents.fromTree(withRules(group, rules), SecurityGroup.class),
                context.now());
        context.quotas.refund(tx, rule.projectId(), "security_group_rule", 1);
        ruleKind.publish(tx, Change.deleted(rule));
    }

    private static ObjectNode withRules(SecurityGroup group, List<ObjectNode> rules) {
        ObjectNode document = Documents.tree(group);
        document.set("security_group_rules", Documents.MAPPER.valueToTree(rules));
        return document;
    }

    @Override
    public List<SecurityGroupId> forNewPort(
            Transaction tx,
            Caller caller,
            ProjectId owner,
            Optional<List<SecurityGroupId>> requested) {
        SecurityGroupId defaultGroup = ensureDefault(tx, owner);
        if (requested.isEmpty()) {
            return List.of(defaultGroup);
        }
        return usable(tx, caller, owner, requested.get());
    }

    @Override
    public List<SecurityGroupId> forNewPortWithoutSecurity(Transaction tx, ProjectId owner) {
        ensureDefault(tx, owner);
        return List.of();
    }

    @Override
    public List<SecurityGroupId> forUpdate(
            Transaction tx, Caller caller, ProjectId owner, List<SecurityGroupId> requested) {
        ensureDefault(tx, owner);
        return usable(tx, caller, owner, requested);
    }

    /**
     * The groups asked for, each once; a group that does not exist, or that belongs to another
     * project than the port's (for a caller who is no administrator), is not found.
     */
    private static List<SecurityGroupId> usable(
            Transaction tx, Caller caller, ProjectId owner, List<SecurityGroupId> requested) {
        List<SecurityGroupId> groups = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (SecurityGroupId id : requested) {
            if (groups.contains(id)) {
                continue;
            }
            boolean usable =
                    SecurityGroupKind.TABLE
                            .find(tx, id.value())
                            .filter(group -> caller.admin() || group.projectId().equals(owner))
                            .isPresent();
            if (usable) {
                groups.add(id);
            } else {
                missing.add(id.value());
            }
        }
        if (!missing.isEmpty()) {
            throw new NotFoundException(
                    "SecurityGroupNotFound",
                    "Security group " + String.join(", ", missing) + " does not exist");
        }
        return groups;
    }
}
