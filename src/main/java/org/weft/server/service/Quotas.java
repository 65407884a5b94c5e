package org.weft.server.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.weft.server.Errors;
import org.weft.server.NotFoundException;
import org.weft.server.policy.Caller;
import org.weft.server.policy.ProjectId;
import org.weft.store.Store;
import org.weft.store.Transaction;

/**
 * Per-project limits on how many of each resource a project may hold, enforced for every project
 * (administrators' included) in the transaction that creates the resource. Usage is a counter row
 * per project and resource, changed in the same transaction as the resources it counts: concurrent
 * creates wait on that row, so a limit holds even with several servers.
 */
public final class Quotas {
    /** Neutron's default limits, in the order its API lists them; -1 is unlimited. */
    public static final Map<String, Integer> NEUTRON_DEFAULTS = neutronDefaults();

    private final Store store;
    private final Map<String, Integer> defaults;
    private final Map<String, String> countQueries = new ConcurrentHashMap<>();

    Quotas(Store store, Map<String, Integer> defaults) {
        this.store = store;
        this.defaults = new LinkedHashMap<>(defaults);
    }

    private static Map<String, Integer> neutronDefaults() {
        Map<String, Integer> limits = new LinkedHashMap<>();
        limits.put("network", 100);
        limits.put("subnet", 100);
        limits.put("subnetpool", -1);
        limits.put("port", 500);
        limits.put("router", 10);
        limits.put("floatingip", 50);
        limits.put("rbac_policy", 10);
        limits.put("security_group", 10);
        limits.put("security_group_rule", 100);
        return java.util.Collections.unmodifiableMap(limits);
    }

    /**
     * Declares how to count {@code resource} from scratch, for a project whose counter does not
     * exist yet: a query with one parameter, the project id, such as {@code SELECT COUNT(*) FROM
     * routers WHERE project_id = ?}.
     */
    public void registerCount(String resource, String countQuery) {
        countQueries.put(resource, countQuery);
    }

    /** The quota resources, in the order the API lists them. */
    public List<String> resources() {
        return List.copyOf(defaults.keySet());
    }

    /**
     * Counts {@code count} new {@code resource}s of {@code project}, already inserted in this
     * transaction, against its limit.
     *
     * @throws org.weft.server.ConflictException OverQuota when the limit would be passed
     */
    public void charge(Transaction tx, ProjectId project, String resource, int count) {
        // One statement in the common case: the counter row holds the project's own limit, or
        // null for the configured default given here.
        if (chargeCounter(tx, project, resource, count)) {
            return;
        }
        // Under READ COMMITTED (PostgreSQL, MariaDB) a counter row committed by a concurrent
        // first charge after the UPDATE began is invisible to it yet visible to the SELECT
        // after it: a row found here is charged again before the limit is called passed.
        if (usage(tx, project, resource).isPresent()) {
            if (chargeCounter(tx, project, resource, count)) {
                return;
            }
            throw Errors.overQuota(resource);
        }
        startCounting(tx, project, resource, count);
    }

    /** Adds {@code count} to the counter row if it exists and the limit allows. */
    private boolean chargeCounter(Transaction tx, ProjectId project, String resource, int count) {
        int fallback = defaults.getOrDefault(resource, -1);
        int updated =
                tx.update(
                        "UPDATE quota_usages SET in_use = in_use + ? WHERE project_id = ? AND"
                                + " resource = ? AND (COALESCE(hard_limit, ?) < 0 OR in_use + ? <="
                                + " COALESCE(hard_limit, ?))",
                        count,
                        project.value(),
                        resource,
                        fallback,
                        count,
                        fallback);
        return updated == 1;
    }

    private void startCounting(Transaction tx, ProjectId project, String resource, int count) {
        Optional<Integer> own = ownLimit(tx, project, resource);
        int limit = own.orElse(defaults.getOrDefault(resource, -1));
        // The count sees this transaction's own inserts, which are what is being charged.
        long inUse = countFromScratch(tx, project, resource);
        if (limit >= 0 && inUse > limit) {
            throw Errors.overQuota(resource);
        }
        boolean inserted =
                tx.insertUnlessDuplicate(
                        "INSERT INTO quota_usages (project_id, resource, in_use, hard_limit) VALUES"
                                + " (?, ?, ?, ?)",
                        project.value(),
                        resource,
                        (int) inUse,
                        own.orElse(null));
        if (!inserted) {
            // A concurrent transaction started the counter first; charge against it.
            charge(tx, project, resource, count);
        }
    }

    private long countFromScratch(Transaction tx, ProjectId project, String resource) {
        String query = countQueries.get(resource);
        return query == null ? 0 : tx.queryLong(query, project.value());
    }

    /** Gives back {@code count} deleted {@code resource}s of {@code project}. */
    public void refund(Transaction tx, ProjectId project, String resource, int count) {
        tx.update(
                "UPDATE quota_usages SET in_use = in_use - ? WHERE project_id = ? AND resource = ?",
                count,
                project.value(),
                resource);
    }

    private Optional<Integer> usage(Transaction tx, ProjectId project, String resource) {
        return tx.queryOne(
                "SELECT in_use FROM quota_usages WHERE project_id = ? AND resource = ?",
                row -> row.getInt(1),
                project.value(),
                resource);
    }

    private static Optional<Integer> ownLimit(Transaction tx, ProjectId project, String resource) {
        return tx.queryOne(
                "SELECT hard_limit FROM quotas WHERE project_id = ? AND resource = ?",
                row -> row.getInt(1),
                project.value(),
                resource);
    }

    /** The limits of {@code project}: its own where set, the defaults elsewhere. */
    public Map<String, Integer> limits(ProjectId project) {
        return store.inTransaction(tx -> limits(tx, project));
    }

    private Map<String, Integer> limits(Transaction tx, ProjectId project) {
        Map<String, Integer> limits = new LinkedHashMap<>(defaults);
        tx.forEach(
                "SELECT resource, hard_limit FROM quotas WHERE project_id = ?",
                row -> limits.put(row.getString(1), row.getInt(2)),
                project.value());
        return limits;
    }

    public Map<String, Integer> defaults() {
        return java.util.Collections.unmodifiableMap(defaults);
    }

    /** Each project with limits of its own, with all its limits. */
    public Map<ProjectId, Map<String, Integer>> projectsWithLimits() {
        return store.inTransaction(
                tx -> {
                    Map<ProjectId, Map<String, Integer>> all = new LinkedHashMap<>();
                    List<String> projects =
                            tx.query(
                                    "SELECT DISTINCT project_id FROM quotas ORDER BY project_id",
                                    row -> row.getString(1));
                    for (String project : projects) {
                        all.put(new ProjectId(project), limits(tx, new ProjectId(project)));
                    }
                    return all;
                });
    }

    /** Sets some of {@code project}'s limits; returns all its limits. Administrators only. */
    public Map<String, Integer> update(
            Caller caller, ProjectId project, Map<String, Integer> changes) {
        requireAdmin(caller);
        return store.inTransaction(
                tx -> {
                    for (Map.Entry<String, Integer> change : changes.entrySet()) {
                        tx.update(
                                "DELETE FROM quotas WHERE project_id = ? AND resource = ?",
                                project.value(),
                                change.getKey());
                        tx.update(
                                "INSERT INTO quotas (project_id, resource, hard_limit) VALUES (?,"
                                        + " ?, ?)",
                                project.value(),
                                change.getKey(),
                                change.getValue());
                        tx.update(
                                "UPDATE quota_usages SET hard_limit = ? WHERE project_id = ? AND"
                                        + " resource = ?",
                                change.getValue(),
                                project.value(),
                                change.getKey());
                    }
                    return limits(tx, project);
                });
    }

    /** Puts {@code project} back on the default limits. Administrators only. */
    public void reset(Caller caller, ProjectId project) {
        requireAdmin(caller);
        store.inTransaction(
                tx -> {
                    int removed =
                            tx.update("DELETE FROM quotas WHERE project_id = ?", project.value());
                    tx.update(
                            "UPDATE quota_usages SET hard_limit = NULL WHERE project_id = ?",
                            project.value());
                    if (removed == 0) {
                        throw new NotFoundException(
                                "TenantQuotaNotFound",
                                "Quota for tenant " + project + " could not be found.");
                    }
                    return removed;
                });
    }

    /** Limit, use and reservations of every resource of {@code project}. */
    public Map<String, Usage> details(ProjectId project) {
        return store.inTransaction(
                tx -> {
                    Map<String, Usage> details = new LinkedHashMap<>();
                    for (Map.Entry<String, Integer> limit : limits(tx, project).entrySet()) {
                        long used =
                                usage(tx, project, limit.getKey())
                                        .map(Integer::longValue)
                                        .orElseGet(
                                                () ->
                                                        countFromScratch(
                                                                tx, project, limit.getKey()));
                        details.put(limit.getKey(), new Usage(limit.getValue(), used));
                    }
                    return details;
                });
    }

    /** A resource's limit and how many a project holds. */
    public record Usage(int limit, long used) {}

    private static void requireAdmin(Caller caller) {
        if (!caller.admin()) {
            throw Errors.policy("rule:update_quota");
        }
    }
}
