package org.weft.dataplane.openflow;

import java.util.List;
import java.util.OptionalInt;

/**
 * A flow as a caller wants it installed: its table, priority and match (which together identify
 * it), its actions, an optional {@code goto_table}, timeouts, and the cookie that marks who owns
 * it.
 */
public record Flow(
        int table,
        int priority,
        Match match,
        List<Action> actions,
        OptionalInt gotoTable,
        int idleTimeout,
        int hardTimeout,
        long cookie) {

    public Flow {
        actions = List.copyOf(actions);
        checkTable(table);
        if (priority < 0 || priority > 0xffff) {
            throw new IllegalArgumentException("priority " + priority + " is not in 0-65535");
        }
        gotoTable.ifPresent(Flow::checkTable);
    }

    public static Flow of(int table, int priority, Match match, List<Action> actions) {
        return new Flow(table, priority, match, actions, OptionalInt.empty(), 0, 0, 0);
    }

    public static Flow of(int table, int priority, Match match, Action... actions) {
        return of(table, priority, match, List.of(actions));
    }

    /** The same flow continuing in {@code next} after its actions. */
    public Flow goingTo(int next) {
        return new Flow(
                table,
                priority,
                match,
                actions,
                OptionalInt.of(next),
                idleTimeout,
                hardTimeout,
                cookie);
    }

    public Flow withCookie(long owner) {
        return new Flow(
                table, priority, match, actions, gotoTable, idleTimeout, hardTimeout, owner);
    }

    public Flow withTimeouts(int idle, int hard) {
        return new Flow(table, priority, match, actions, gotoTable, idle, hard, cookie);
    }

    /** What identifies this flow in its table. */
    public FlowKey key() {
        return new FlowKey(table, priority, match);
    }

    private static void checkTable(int table) {
        if (table < 0 || table > 254) {
            throw new IllegalArgumentException("table " + table + " is not in 0-254");
        }
    }

    @Override
    public String toString() {
        return "table="
                + table
                + ",priority="
                + priority
                + ","
                + match
                + " actions="
                + actions
                + gotoTable.stream().mapToObj(next -> ",goto_table:" + next).findFirst().orElse("");
    }
}
