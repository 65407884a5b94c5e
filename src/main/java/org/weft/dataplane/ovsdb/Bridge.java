package org.weft.dataplane.ovsdb;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A row of the {@code Bridge} table, with its controllers' targets resolved. */
public record Bridge(
        UUID uuid,
        String name,
        String datapathType,
        Optional<FailMode> failMode,
        Set<String> protocols,
        List<String> controllers,
        Set<UUID> ports,
        Map<String, String> externalIds,
        Map<String, String> otherConfig,
        Optional<String> datapathId) {

    /**
     * The bridge a row of the {@code Bridge} table describes, its controllers found in {@code
     * replica}.
     */
    public static Bridge from(Row row, Replica replica) {
        List<String> controllers =
                row.uuids("controller").stream()
                        .flatMap(uuid -> replica.row(VswitchDatabase.CONTROLLER, uuid).stream())
                        .map(controller -> controller.string("target"))
                        .sorted()
                        .toList();
        return new Bridge(
                row.uuid(),
                row.string("name"),
                row.string("datapath_type"),
                row.optionalString("fail_mode").map(FailMode::parse),
                row.set("protocols", String.class),
                controllers,
                row.uuids("ports"),
                row.stringMap("external_ids"),
                row.stringMap("other_config"),
                row.optionalString("datapath_id"));
    }
}
