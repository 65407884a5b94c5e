package org.weft.dataplane.ovsdb;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * A row of the {@code Interface} table: its {@code type} ({@code ""} for a system device, {@code
 * internal}, {@code patch}, {@code gre}, {@code vxlan}, …), {@code options}, and the {@code ofport}
 * ovs-vswitchd gave it (empty until it has, -1 when it failed, with {@code error} saying why).
 */
public record Interface(
        UUID uuid,
        String name,
        String type,
        Map<String, String> options,
        OptionalInt ofport,
        Map<String, String> externalIds,
        Map<String, String> otherConfig,
        Optional<String> error,
        Optional<String> macInUse) {

    /** The interface a row of the {@code Interface} table describes. */
    public static Interface from(Row row) {
        var ofport = row.optionalInteger("ofport");
        return new Interface(
                row.uuid(),
                row.string("name"),
                row.string("type"),
                row.stringMap("options"),
                ofport.isPresent() ? OptionalInt.of((int) ofport.getAsLong()) : OptionalInt.empty(),
                row.stringMap("external_ids"),
                row.stringMap("other_config"),
                row.optionalString("error"),
                row.optionalString("mac_in_use"));
    }

    /** The {@code external_ids:iface-id} Nova (or {@code weft vif plug}) set: the API port id. */
    public Optional<String> ifaceId() {
        return Optional.ofNullable(externalIds.get("iface-id"));
    }
}
