package org.weft.agent.l2.firewall.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A connection tracker whose entries are kept in numbered zones, one per filtered port. */
public interface ConntrackZones {

    /**
     * The connections each of {@code zones} holds now, by zone, read in one go however many zones
     * are asked for; a zone with none may be absent.
     */
    Map<Integer, List<TrackedConnection>> list(Set<Integer> zones);

    /**
     * Deletes {@code connection} from {@code zone}, so that its next packet is judged as new.
     *
     * @return whether it was there to delete (it may have ended or expired meanwhile)
     */
    boolean delete(int zone, TrackedConnection connection);
}
