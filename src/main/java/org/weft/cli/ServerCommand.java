package org.weft.cli;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.weft.bus.Bus;
import org.weft.bus.BusFactory;
import org.weft.config.Config;
import org.weft.config.ConfigException;
import org.weft.metrics.MetricsOptions;
import org.weft.server.Server;
import org.weft.server.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code weft server}: the Networking API server. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = "Runs the Networking API server (Neutron API v2.0) on its database.")
final class ServerCommand implements Runnable {
    @Mixin ConfigFiles configFiles;

    @Option(
            names = "--bind",
            paramLabel = "HOST:PORT",
            description = "Address to listen on; overrides bind_host and bind_port (port 0: any).")
    String bind;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Directory of the embedded database; overrides state_path.")
    Path dataDir;

    @Override
    public void run() {
        Config config = configFiles.load("weft-server");
        String host = config.get(ServerOptions.BIND_HOST);
        int port = config.get(ServerOptions.BIND_PORT);
        if (bind != null) {
            int colon = bind.lastIndexOf(':');
            if (colon <= 0) {
                throw new ConfigException("--bind " + bind + ": expected HOST:PORT");
            }
            host = bind.substring(0, colon).replace("[", "").replace("]", "");
            try {
                port = Integer.parseInt(bind.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new ConfigException("--bind " + bind + ": port is not a number");
            }
        }
        config.find(ServerOptions.API_WORKERS);
        Bus bus = BusFactory.create(config, "weft-server");
        Server server =
                Server.prepare(config, Server.dataDir(config, dataDir))
                        .connect(bus)
                        .start(host, port);
        Monitoring monitoring = Monitoring.start(config, MetricsOptions.SERVER_PORT, bus);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    monitoring.close();
                                    server.close();
                                    stopped.countDown();
                                },
                                "weft-server-shutdown"));
        System.out.println("weft server: listening on " + host + ":" + server.port());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
