package org.weft.doctor;

import org.weft.dataplane.ovs.OvsOptions;
import org.weft.dataplane.ovsdb.VswitchDatabase;

/** Open vSwitch answers on the configured database connection; reports its version. */
final class OvsReachableCheck implements Check {
    @Override
    public String name() {
        return "Open vSwitch";
    }

    @Override
    public CheckResult run(DoctorContext context) {
        String target = context.config().get(OvsOptions.OVSDB_CONNECTION);
        return context.database()
                .map(database -> reachable(database, target))
                .orElseGet(
                        () ->
                                CheckResult.fail(
                                        name(),
                                        "no answer at "
                                                + target
                                                + ": "
                                                + context.databaseFailure()
                                                        .map(Throwable::getMessage)
                                                        .orElse(""),
                                        "start Open vSwitch (service openvswitch-switch start), or"
                                            + " set [ovs] ovsdb_connection to where its database"
                                            + " listens"));
    }

    private CheckResult reachable(VswitchDatabase database, String target) {
        return CheckResult.ok(
                name(),
                "version "
                        + database.ovsVersion().orElse("unknown")
                        + " at "
                        + target
                        + ", datapath types "
                        + database.datapathTypes());
    }
}
