package org.weft.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.weft.config.Config;
import org.weft.config.Logging;
import org.weft.dataplane.linux.Command;
import org.weft.server.Server;
import picocli.CommandLine.Option;

/**
 * {@code weft demo}: the API server on its embedded defaults (H2 in a data directory of its own,
 * {@code noauth}), checked once with the real {@code openstack} client, then left running with the
 * commands that drive it printed. The guide's whole four-node cloud joins it as the agents and the
 * lab come to be driven from here.
 */
@picocli.CommandLine.Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Starts Weft on embedded defaults and shows how to drive it.")
final class DemoCommand implements Runnable {
    @Option(
            names = "--bind",
            paramLabel = "HOST:PORT",
            defaultValue = "127.0.0.1:9696",
            description = "Address of the API server (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "run/demo",
            description = "Directory of the embedded database (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--no-wait", description = "Exit after the check instead of serving.")
    boolean noWait;

    @Override
    public void run() {
        Config config = Config.fromText("demo.conf", "[DEFAULT]\nlog_dir = " + dataDir + "\n");
        Logging.configure(config, "weft-demo-server");
        int colon = bind.lastIndexOf(':');
        String host = bind.substring(0, colon);
        Server server =
                Server.prepare(config, dataDir)
                        .start(host, Integer.parseInt(bind.substring(colon + 1)));
        String endpoint = "http://" + host + ":" + server.port();
        try {
            check(endpoint);
            printUsage(endpoint);
            if (!noWait) {
                new CountDownLatch(1).await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
        }
    }

    private static void check(String endpoint) {
        List<String> client = openstack(endpoint);
        System.out.println(
                "weft demo: API server on " + endpoint + "; checking it with openstack:");
        String extensions =
                Command.of(
                                concat(
                                        client,
                                        "extension",
                                        "list",
                                        "--network",
                                        "-f",
                                        "value",
                                        "-c",
                                        "Alias"))
                        .run();
        System.out.println("  extensions: " + String.join(", ", extensions.strip().split("\n")));
        String networks = Command.of(concat(client, "network", "list", "-f", "value")).run();
        System.out.println("  networks: " + networks.lines().count());
    }

    private static void printUsage(String endpoint) {
        String prefix = String.join(" ", openstack(endpoint));
        System.out.println(
                """

                Drive it with the openstack client (Ctrl-C stops the server):
                  %1$s network create demo-net
                  %1$s subnet create --network demo-net --subnet-range 10.0.0.0/24 demo-subnet
                  %1$s port create --network demo-net demo-port
                  %1$s port list
                """
                        .formatted(prefix));
    }

    private static List<String> openstack(String endpoint) {
        return List.of("openstack", "--os-auth-type", "none", "--os-endpoint", endpoint);
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
