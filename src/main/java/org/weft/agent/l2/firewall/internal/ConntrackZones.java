package org.weft.agent.l2.firewall.internal;

import java.util.List;

/** A connection tracker whose entries are kept in numbered zones, one per filtered port. */
public interface ConntrackZones {

    /** The connections {@code zone} holds now. */
    List<TrackedConnection> list(int zone);

    /**
     * Deletes {@code connection} from {@code zone}, so that its next packet is judged as new.
     *
     * @return whether it was there to delete (it may have ended or expired meanwhile)
     */
    boolean delete(int zone, TrackedConnection connection);
}
