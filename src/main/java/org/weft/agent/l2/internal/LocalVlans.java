package org.weft.agent.l2.internal;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The VLANs of the networks on this host's {@code br-int}, 1 to 4094, one per network. A network
 * keeps the VLAN an earlier run of the agent gave it (read back from the switch), so that a restart
 * changes no flow; a new network takes the lowest free one.
 */
public final class LocalVlans {
    public static final int FIRST = 1;
    public static final int LAST = 4094;

    private final Map<String, Integer> byNetwork = new HashMap<>();
    private final Map<String, Integer> recorded = new HashMap<>();
    private final BitSet taken = new BitSet(LAST + 1);

    /** VLANs an earlier run gave, kept for their networks when those come back. */
    public void remember(Map<String, Integer> earlier) {
        recorded.putAll(earlier);
    }

    public Optional<Integer> of(String network) {
        return Optional.ofNullable(byNetwork.get(network));
    }

    /**
     * The VLAN of {@code network}, given now if it has none: the recorded one when free, else the
     * lowest free.
     *
     * @throws IllegalStateException when all 4094 VLANs are taken
     */
    public int allocate(String network) {
        Integer current = byNetwork.get(network);
        if (current != null) {
            return current;
        }
        Integer earlier = recorded.remove(network);
        int vlan = earlier != null && !taken.get(earlier) ? earlier : lowestFree();
        byNetwork.put(network, vlan);
        taken.set(vlan);
        return vlan;
    }

    /** Frees the VLAN of {@code network} (its last port here is gone). */
    public void release(String network) {
        Integer vlan = byNetwork.remove(network);
        if (vlan != null) {
            taken.clear(vlan);
        }
    }

    private int lowestFree() {
        // Recorded VLANs of networks not back yet are passed over, so they can still come back.
        for (int vlan = FIRST; vlan <= LAST; vlan++) {
            if (!taken.get(vlan) && !recorded.containsValue(vlan)) {
                return vlan;
            }
        }
        for (int vlan = FIRST; vlan <= LAST; vlan++) {
            if (!taken.get(vlan)) {
                return vlan;
            }
        }
        throw new IllegalStateException("all " + LAST + " local VLANs of br-int are taken");
    }
}
