package org.weft.lab.internal;

import org.weft.lab.LabDatabase;
import org.weft.lab.LabHost;
import org.weft.lab.LabNetwork;
import org.weft.lab.LabSpec;

/** What runs under Weft on the controller: the message broker, and MariaDB when asked for. */
final class ControllerServices {
    private final LabSpec spec;
    private final StateFile stateFile;

    ControllerServices(LabSpec spec, StateFile stateFile) {
        this.spec = spec;
        this.stateFile = stateFile;
    }

    void start(LabHost controller) {
        if (spec.database() == LabDatabase.MARIADB) {
            startDatabase(controller);
        }
    }

    private void startDatabase(LabHost controller) {
        MariaDbServer database =
                new MariaDbServer(
                        controller.directory().resolve("mariadb"),
                        controller.placement(),
                        controller.address(LabNetwork.MANAGEMENT).orElseThrow());
        database.start(
                server ->
                        stateFile.update(
                                state ->
                                        state.processes.add(
                                                Records.of(
                                                        server,
                                                        controller.name(),
                                                        LabState.ProcessKind.DATABASE,
                                                        database.logFile()))));
    }
}
