package org.weft.server.ml2.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.weft.server.ml2.NetworkType;
import org.weft.store.Constraints;
import org.weft.store.Transaction;

/**
 * The segments in use, one row each in {@code ml2_segment_allocations}. Tunnels have no physical
 * network (an empty one here); a flat network takes its whole physical network as id 0.
 */
public final class SegmentTable {
    public static final String TAKEN = "ml2_segment_allocations_taken";

    static {
        Constraints.register(TAKEN);
    }

    private SegmentTable() {}

    /**
     * Takes a segment for {@code network}; false when another network holds it, decided by the
     * table's unique key so that concurrent requests (of this server or another) cannot both win.
     */
    public static boolean take(
            Transaction tx,
            NetworkType type,
            Optional<String> physicalNetwork,
            long segmentationId,
            String network) {
        return tx.insertUnlessTaken(
                TAKEN,
                "INSERT INTO ml2_segment_allocations"
                        + " (network_type, physical_network, segmentation_id, network_id)"
                        + " VALUES (?, ?, ?, ?)",
                type.wire(),
                physicalNetwork.orElse(""),
                segmentationId,
                network);
    }

    /** Gives back every segment {@code network} holds. */
    public static void releaseAll(Transaction tx, String network) {
        tx.update("DELETE FROM ml2_segment_allocations WHERE network_id = ?", network);
    }

    /** The ids of {@code type} taken from {@code min} to {@code max}, in ascending order. */
    public static List<Long> taken(
            Transaction tx,
            NetworkType type,
            Optional<String> physicalNetwork,
            long min,
            long max) {
        List<Long> ids = new ArrayList<>();
        tx.forEach(
                "SELECT segmentation_id FROM ml2_segment_allocations"
                        + " WHERE network_type = ? AND physical_network = ?"
                        + " AND segmentation_id BETWEEN ? AND ? ORDER BY segmentation_id",
                row -> ids.add(row.getLong(1)),
                type.wire(),
                physicalNetwork.orElse(""),
                min,
                max);
        return ids;
    }
}
