package org.weft.dataplane.openflow;

/** What identifies a flow in a switch: its table, its priority and its match. */
public record FlowKey(int table, int priority, Match match) {
    @Override
    public String toString() {
        return "table=" + table + ",priority=" + priority + "," + match;
    }
}
