package org.weft.dataplane.ovsdb;

import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** A row of the {@code Port} table: its access VLAN {@code tag} and {@code trunks}. */
public record Port(
        UUID uuid,
        String name,
        OptionalInt tag,
        Set<Integer> trunks,
        Set<UUID> interfaces,
        Map<String, String> externalIds,
        Map<String, String> otherConfig) {

    /** The port a row of the {@code Port} table describes. */
    public static Port from(Row row) {
        var tag = row.optionalInteger("tag");
        return new Port(
                row.uuid(),
                row.string("name"),
                tag.isPresent() ? OptionalInt.of((int) tag.getAsLong()) : OptionalInt.empty(),
                row.set("trunks", Long.class).stream()
                        .map(Long::intValue)
                        .collect(Collectors.toUnmodifiableSet()),
                row.uuids("interfaces"),
                row.stringMap("external_ids"),
                row.stringMap("other_config"));
    }
}
