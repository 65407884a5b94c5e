package org.weft.dataplane.openflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a bridge hold exactly the flows an owner wants among those its cookie marks: the owner
 * gives the full set, the programmer reads what is installed under the cookie, and applies the
 * difference in one atomic bundle. A flow that is already as wanted is never touched, so its
 * counters run on and no packet of it is ever dropped; a flow whose actions changed is modified in
 * place (keeping its counters); one no longer wanted is removed. If the switch refuses any part,
 * nothing changes.
 *
 * <p>Flows are compared by their encoded instructions. Every action of {@link Action} reads back
 * from Open vSwitch exactly as Weft encodes it (checked against the switch in the tests); an action
 * the switch re-encoded differently would be modified in place on every run, which keeps its
 * counters but is not the no-op it should be.
 *
 * <p>Not thread-safe: one owner calls it, for one bridge.
 */
public final class FlowProgrammer {
    private static final Logger log = LoggerFactory.getLogger(FlowProgrammer.class);

    private final OpenFlowChannel channel;
    private final CookieMask owned;

    /**
     * A programmer of the flows {@code owned} selects on {@code channel}'s bridge; wanted flows
     * with cookie 0 get {@code owned.cookie()}.
     */
    public FlowProgrammer(OpenFlowChannel channel, CookieMask owned) {
        this.channel = channel;
        this.owned = owned;
    }

    /** Installs, changes and removes what it takes for the owned flows to be {@code wanted}. */
    public Difference ensure(Collection<Flow> wanted) {
        long start = System.nanoTime();
        Difference difference = difference(wanted);
        long compared = System.nanoTime();
        channel.applyAtomically(difference.changes());
        log.info(
                "flows programmed target={} {} added={} modified={} removed={} unchanged={}"
                        + " compared in {} ms, applied in {} ms",
                channel.target(),
                owned,
                difference.added().size(),
                difference.modified().size(),
                difference.removed().size(),
                difference.unchanged(),
                Duration.ofNanos(compared - start).toMillis(),
                Duration.ofNanos(System.nanoTime() - compared).toMillis());
        return difference;
    }

    /** What {@link #ensure} would change, without changing it. */
    public Difference difference(Collection<Flow> wanted) {
        Map<FlowKey, Flow> wantedByKey = byKey(wanted);
        List<InstalledFlow> onBridge = channel.flows(owned);
        Map<FlowKey, InstalledFlow> installed = HashMap.newHashMap(onBridge.size());
        for (InstalledFlow flow : onBridge) {
            installed.put(flow.key(), flow);
        }

        List<Flow> added = new ArrayList<>();
        List<Flow> modified = new ArrayList<>();
        List<InstalledFlow> removed = new ArrayList<>();
        Map<Instructions, byte[]> encoded = new HashMap<>();
        int unchanged = 0;
        for (Flow flow : wantedByKey.values()) {
            InstalledFlow current = installed.remove(flow.key());
            if (current == null) {
                added.add(flow);
            } else if (!sameHeader(current, flow)) {
                // A new cookie or timeouts cannot be modified in place: replace the flow.
                removed.add(current);
                added.add(flow);
            } else if (current.hasInstructions(
                    encoded.computeIfAbsent(
                            Instructions.of(flow), key -> channel.encodedInstructions(flow)))) {
                unchanged++;
            } else {
                modified.add(flow);
            }
        }
        removed.addAll(installed.values());
        return new Difference(added, modified, removed, unchanged);
    }

    private Map<FlowKey, Flow> byKey(Collection<Flow> wanted) {
        Map<FlowKey, Flow> byKey = LinkedHashMap.newLinkedHashMap(wanted.size());
        for (Flow flow : wanted) {
            Flow owner = flow.cookie() == 0 ? flow.withCookie(owned.cookie()) : flow;
            if (!owned.selects(owner.cookie())) {
                throw new IllegalArgumentException(
                        "flow "
                                + flow
                                + " has a cookie outside "
                                + owned
                                + ", which this programmer owns");
            }
            Flow earlier = byKey.put(owner.key(), owner);
            if (earlier != null) {
                throw new IllegalArgumentException("two wanted flows share the key " + owner.key());
            }
        }
        return byKey;
    }

    /** What a flow's encoded instructions depend on; many flows share them. */
    private record Instructions(List<Action> actions, java.util.OptionalInt gotoTable) {
        static Instructions of(Flow flow) {
            return new Instructions(flow.actions(), flow.gotoTable());
        }
    }

    private static boolean sameHeader(InstalledFlow current, Flow flow) {
        return current.cookie() == flow.cookie()
                && current.idleTimeout() == flow.idleTimeout()
                && current.hardTimeout() == flow.hardTimeout();
    }

    /** The flow-mods that take a bridge from what it holds to what is wanted. */
    public record Difference(
            List<Flow> added, List<Flow> modified, List<InstalledFlow> removed, int unchanged) {
        public Difference {
            added = List.copyOf(added);
            modified = List.copyOf(modified);
            removed = List.copyOf(removed);
        }

        public boolean isEmpty() {
            return added.isEmpty() && modified.isEmpty() && removed.isEmpty();
        }

        /** Removals first, so that a flow replaced under the same key is removed, then added. */
        public List<FlowChange> changes() {
            List<FlowChange> changes =
                    new ArrayList<>(added.size() + modified.size() + removed.size());
            removed.forEach(flow -> changes.add(FlowChange.remove(flow.key())));
            modified.forEach(flow -> changes.add(FlowChange.modify(flow)));
            added.forEach(flow -> changes.add(FlowChange.add(flow)));
            return changes;
        }
    }
}
