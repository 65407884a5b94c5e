package org.weft.dataplane.openflow;

import java.util.OptionalInt;

/** One flow-mod (OpenFlow 1.4 §7.3.4.2): add, strict modify, strict delete, or delete. */
public sealed interface FlowChange {

    static FlowChange add(Flow flow) {
        return new Add(flow);
    }

    /** Replaces the actions of the flow with the same key, keeping its counters. */
    static FlowChange modify(Flow flow) {
        return new Modify(flow);
    }

    /** Removes the flow with exactly this key. */
    static FlowChange remove(Flow flow) {
        return new Remove(flow.key());
    }

    static FlowChange remove(FlowKey key) {
        return new Remove(key);
    }

    /** Removes every flow of every table whose cookie {@code cookies} selects. */
    static FlowChange removeAll(CookieMask cookies) {
        return new RemoveMatching(OptionalInt.empty(), Match.all(), cookies);
    }

    record Add(Flow flow) implements FlowChange {}

    record Modify(Flow flow) implements FlowChange {}

    /**
     * A strict delete. A bridge holds at most one flow of a key (table, priority, match), so the
     * key alone names it; the cookie is left out on purpose: given a full cookie mask, Open vSwitch
     * finds the flow by walking every flow that shares its cookie, which makes removing many flows
     * of one owner quadratic (100,000 firewall flows: minutes with the switch's main loop blocked).
     */
    record Remove(FlowKey key) implements FlowChange {}

    /** Non-strict delete: every flow the match covers, in one table or all. */
    record RemoveMatching(OptionalInt table, Match match, CookieMask cookies)
            implements FlowChange {}
}
