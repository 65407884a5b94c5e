package org.weft.dataplane.openflow;

import java.time.Duration;
import java.util.Arrays;

/**
 * A flow as the switch reports it in flow statistics: key, cookie, timeouts, counters, and its
 * instructions as the switch encodes them, which is how it is compared with a wanted {@link Flow}.
 */
public record InstalledFlow(
        int table,
        int priority,
        Match match,
        long cookie,
        int idleTimeout,
        int hardTimeout,
        long packetCount,
        long byteCount,
        Duration duration,
        byte[] instructions) {

    public FlowKey key() {
        return new FlowKey(table, priority, match);
    }

    /** The encoded instructions; equal bytes mean equal actions. */
    @Override
    public byte[] instructions() {
        return instructions.clone();
    }

    boolean hasInstructions(byte[] encoded) {
        return Arrays.equals(instructions, encoded);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InstalledFlow flow
                && flow.key().equals(key())
                && flow.cookie == cookie
                && Arrays.equals(flow.instructions, instructions);
    }

    @Override
    public int hashCode() {
        return key().hashCode();
    }

    @Override
    public String toString() {
        return key() + String.format(" cookie=0x%x n_packets=%d", cookie, packetCount);
    }
}
