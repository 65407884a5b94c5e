package org.weft.lab.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.linux.ChildProcess;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;

/**
 * The controller's Keystone, as the guide's files expect it: Debian's {@code keystone} (identity
 * v3; the guide's v2.0 URLs are found again by version discovery), its SQLite database and Fernet
 * keys in the controller's directory, served by two {@code keystone-wsgi-public} processes on the
 * controller's management address: port 35357, where the guide's {@code auth_port} sends the
 * server, and port 5000, where the clients go. It is provisioned with the real {@code openstack}
 * client run inside the controller: the guide's service project and {@code quantum} user, a {@code
 * demo} project and user, and the network service's endpoint.
 */
public final class ControllerKeystone {
    private static final Logger log = LoggerFactory.getLogger(ControllerKeystone.class);

    public static final int ADMIN_PORT = 35357;
    public static final int PUBLIC_PORT = 5000;
    public static final String ADMIN_PASSWORD = "admin_pass";

    /** The guide's service credentials ({@code [keystone_authtoken]} in quantum.conf). */
    public static final String SERVICE_PROJECT = "service";

    public static final String SERVICE_USER = "quantum";
    public static final String SERVICE_PASSWORD = "service_pass";

    /** The tenant the demo's steps run as. */
    public static final String TENANT_PROJECT = "demo";

    public static final String TENANT_USER = "demo";
    public static final String TENANT_PASSWORD = "demo";

    private static final Duration READY_LIMIT = Duration.ofSeconds(90);

    private final Path directory;
    private final Path logDirectory;
    private final Placement placement;
    private final String address;

    /**
     * @param directory where its configuration, database and keys go
     * @param logDirectory where its logs go (beside the controller's other logs)
     * @param placement the controller
     * @param address the controller's management address
     */
    public ControllerKeystone(
            Path directory, Path logDirectory, Placement placement, String address) {
        this.directory = directory;
        this.logDirectory = logDirectory;
        this.placement = placement;
        this.address = address;
    }

    /** {@code http://<address>:5000/v3}, where clients authenticate. */
    public static String publicUrl(String address) {
        return "http://" + address + ":" + PUBLIC_PORT + "/v3";
    }

    /** The {@code openstack} client's settings for {@code user} scoped to {@code project}. */
    public static Map<String, String> credentials(
            String address, String user, String password, String project) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("OS_AUTH_URL", publicUrl(address));
        environment.put("OS_USERNAME", user);
        environment.put("OS_PASSWORD", password);
        environment.put("OS_PROJECT_NAME", project);
        environment.put("OS_USER_DOMAIN_NAME", "Default");
        environment.put("OS_PROJECT_DOMAIN_NAME", "Default");
        environment.put("OS_IDENTITY_API_VERSION", "3");
        environment.put("OS_REGION_NAME", "RegionOne");
        return environment;
    }

    /**
     * Configures and bootstraps Keystone, starts its two processes ({@code started} hears of each
     * as soon as it exists), waits until both answer, and provisions the guide's users; {@code
     * networkEndpoint} is the network service's URL.
     */
    public void start(Consumer<ChildProcess> started, String networkEndpoint) {
        Path conf = configure();
        bootstrap(conf);
        // Two processes share one SQLite file: the provisioning's writes go to one before the
        // other exists, and the journal is a write-ahead log, so that the other's reads never
        // hold a write up (with SQLite's default journal they do: "database is locked").
        started.accept(serve(conf, PUBLIC_PORT));
        awaitReady(PUBLIC_PORT);
        provision(networkEndpoint);
        started.accept(serve(conf, ADMIN_PORT));
        awaitReady(ADMIN_PORT);
        log.info("keystone ready address={} ports={},{}", address, ADMIN_PORT, PUBLIC_PORT);
    }

    public Path logFile() {
        return logDirectory.resolve("keystone.log");
    }

    private Path configure() {
        return KeystoneFiles.configure(directory, logFile());
    }

    private void bootstrap(Path conf) {
        KeystoneFiles.bootstrap(conf, placement, ADMIN_PASSWORD, publicUrl(address) + "/");
    }

    private ChildProcess serve(Path conf, int port) {
        return ChildProcess.start(
                "keystone-" + port,
                placement.wrap(
                        List.of(
                                "keystone-wsgi-public",
                                "--host",
                                address,
                                "--port",
                                Integer.toString(port))),
                logDirectory.resolve("keystone-" + port + ".out"),
                Map.of("OS_KEYSTONE_CONFIG_FILES", conf.toString()));
    }

    private void awaitReady(int port) {
        Instant deadline = Instant.now().plus(READY_LIMIT);
        Command probe =
                Command.of(
                                "curl",
                                "-s",
                                "-o",
                                "/dev/null",
                                "-m",
                                "5",
                                "-w",
                                "%{http_code}",
                                "http://" + address + ":" + port + "/v3")
                        .in(placement);
        while (!probe.execute().stdout().strip().equals("200")) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        "keystone not answering on "
                                + address
                                + ":"
                                + port
                                + " within "
                                + READY_LIMIT
                                + "; see "
                                + logDirectory.resolve("keystone-" + port + ".out"));
            }
            sleep();
        }
    }

    private void provision(String networkEndpoint) {
        openstack("project", "create", "--domain", "default", SERVICE_PROJECT);
        openstack(
                "user",
                "create",
                "--domain",
                "default",
                "--project",
                SERVICE_PROJECT,
                "--password",
                SERVICE_PASSWORD,
                SERVICE_USER);
        openstack("role", "add", "--project", SERVICE_PROJECT, "--user", SERVICE_USER, "admin");
        openstack("project", "create", "--domain", "default", TENANT_PROJECT);
        openstack(
                "user",
                "create",
                "--domain",
                "default",
                "--project",
                TENANT_PROJECT,
                "--password",
                TENANT_PASSWORD,
                TENANT_USER);
        openstack("role", "add", "--project", TENANT_PROJECT, "--user", TENANT_USER, "member");
        openstack("service", "create", "--name", "quantum", "network");
        openstack(
                "endpoint",
                "create",
                "--region",
                "RegionOne",
                "network",
                "public",
                networkEndpoint);
    }

    /** Runs the {@code openstack} client inside the controller as Keystone's admin. */
    private void openstack(String... arguments) {
        List<String> argv = new ArrayList<>(List.of("env"));
        credentials(address, "admin", ADMIN_PASSWORD, "admin")
                .forEach((key, value) -> argv.add(key + "=" + value));
        argv.add("openstack");
        argv.addAll(List.of(arguments));
        Command.Result result =
                Command.of(argv).in(placement).withTimeout(Duration.ofMinutes(2)).execute();
        if (!result.succeeded()) {
            throw new IllegalStateException(
                    "openstack "
                            + String.join(" ", arguments)
                            + " failed: "
                            + result.stderr().strip()
                            + "; keystone's log "
                            + logFile()
                            + " ends: "
                            + tail(logFile())
                            + "; its server's output ends: "
                            + tail(logDirectory.resolve("keystone-" + PUBLIC_PORT + ".out")));
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for keystone", e);
        }
    }
}
