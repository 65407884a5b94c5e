package org.weft.lab.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.rabbit.RabbitMqServer;
import org.weft.lab.LabDatabase;
import org.weft.lab.LabHost;
import org.weft.lab.LabNetwork;
import org.weft.lab.LabSpec;
import org.weft.lab.Roles;

/**
 * What runs under Weft on the controller: RabbitMQ, where the guide's {@code rabbit_host =
 * 10.10.10.51} finds it (its default port, {@code guest} admitted from the other hosts as the
 * guide's era admitted it), MariaDB and Keystone when asked for.
 */
final class ControllerServices {
    private static final Logger log = LoggerFactory.getLogger(ControllerServices.class);

    /** RabbitMQ's own ports; the controller's namespace is the lab's, so they are free. */
    static final int AMQP_PORT = 5672;

    private static final int EPMD_PORT = 4369;
    private static final int DISTRIBUTION_PORT = 25672;

    private final LabSpec spec;
    private final StateFile stateFile;

    ControllerServices(LabSpec spec, StateFile stateFile) {
        this.spec = spec;
        this.stateFile = stateFile;
    }

    void start(LabHost controller) {
        startBroker(controller);
        if (spec.database() == LabDatabase.MARIADB) {
            startDatabase(controller);
        }
        if (spec.keystone()) {
            startKeystone(controller);
        }
    }

    static Path brokerDirectory(LabHost controller) {
        return controller.directory().resolve("rabbitmq");
    }

    private void startBroker(LabHost controller) {
        Path directory = brokerDirectory(controller);
        RabbitMqServer.Settings settings =
                RabbitMqServer.Settings.onLoopback(
                                "weft-lab-" + spec.name(),
                                directory,
                                AMQP_PORT,
                                EPMD_PORT,
                                DISTRIBUTION_PORT)
                        .in(
                                controller.placement(),
                                controller.address(LabNetwork.MANAGEMENT).orElseThrow())
                        .admittingGuestFromAnyAddress();
        RabbitMqServer.start(settings);
        recordBrokerProcesses(controller, directory);
    }

    /**
     * Records the broker's processes from the pid list the broker launcher keeps ({@code pid
     * start-instant name} lines); should that list be missing, tearing down still finds them in the
     * controller's namespaces.
     */
    private void recordBrokerProcesses(LabHost controller, Path directory) {
        List<String> lines;
        try {
            lines = Files.readAllLines(directory.resolve("pids"));
        } catch (IOException e) {
            log.warn("no pid list of the broker host={}: {}", controller.name(), e.toString());
            return;
        }
        Path logDirectory = directory.resolve("log");
        stateFile.update(
                state -> {
                    for (String line : lines) {
                        String[] fields = line.split(" ", 3);
                        if (fields.length == 3) {
                            state.processes.add(
                                    new LabState.ProcessEntry(
                                            fields[2],
                                            controller.name(),
                                            LabState.ProcessKind.BROKER,
                                            Long.parseLong(fields[0]),
                                            Instant.parse(fields[1]).toString(),
                                            logDirectory.toString(),
                                            List.of()));
                        }
                    }
                });
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

    private void startKeystone(LabHost controller) {
        String address = controller.address(LabNetwork.MANAGEMENT).orElseThrow();
        ControllerKeystone keystone =
                new ControllerKeystone(
                        controller.directory().resolve("keystone"),
                        controller.logDirectory(),
                        controller.placement(),
                        address);
        keystone.start(
                server ->
                        stateFile.update(
                                state ->
                                        state.processes.add(
                                                Records.of(
                                                        server,
                                                        controller.name(),
                                                        LabState.ProcessKind.IDENTITY,
                                                        keystone.logFile()))),
                "http://" + address + ":" + Roles.API_PORT);
    }
}
