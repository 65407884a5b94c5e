package org.weft.agent.metadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.agent.metadata.internal.MetadataHandler;
import org.weft.agent.metadata.internal.NovaClient;
import org.weft.config.Config;

/**
 * {@code weft agent metadata}'s service: listens on a unix socket for the requests the metadata
 * proxies pass on, finds the instance behind each (by the proxy's router or network id and the VM's
 * address), and forwards the request to Nova's metadata server with {@code X-Instance-ID}, {@code
 * X-Tenant-ID}, {@code X-Forwarded-For} and {@code X-Instance-ID-Signature}.
 *
 * <p>Answers of its own: 404 when no instance has the address, 503 when the instance cannot be
 * looked up or Nova cannot be reached; Nova's own answers (its 403 for a refused signature
 * included) reach the VM as Nova gave them.
 */
public final class MetadataAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetadataAgent.class);

    private final Settings settings;
    private final Server server;

    /**
     * Where the agent listens and where Nova is.
     *
     * @param socket the unix socket the proxies forward to
     * @param nova the base URI of Nova's metadata server ({@code http://10.10.10.51:8775})
     * @param sharedSecret {@code metadata_proxy_shared_secret}; never logged
     * @param insecure whether an https Nova's certificate goes unchecked
     */
    public record Settings(Path socket, URI nova, String sharedSecret, boolean insecure) {
        /** The settings as {@code metadata_agent.ini} (and the common files) give them. */
        public static Settings from(Config config) {
            URI nova =
                    URI.create(
                            config.get(MetadataAgentOptions.NOVA_METADATA_PROTOCOL)
                                    + "://"
                                    + hostForUri(
                                            config.get(MetadataAgentOptions.NOVA_METADATA_HOST))
                                    + ":"
                                    + config.get(MetadataAgentOptions.NOVA_METADATA_PORT));
            return new Settings(
                    MetadataAgentOptions.socket(config),
                    nova,
                    config.get(MetadataAgentOptions.METADATA_PROXY_SHARED_SECRET),
                    config.get(MetadataAgentOptions.NOVA_METADATA_INSECURE));
        }

        private static String hostForUri(String host) {
            return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        }

        @Override
        public String toString() {
            // The record's own toString would print the secret.
            return "socket=" + socket + " nova=" + nova;
        }
    }

    private MetadataAgent(Settings settings, Server server) {
        this.settings = settings;
        this.server = server;
    }

    /** Starts listening on the settings' socket, replacing a socket file left by a dead agent. */
    public static MetadataAgent start(Settings settings, InstanceLookup lookup) {
        NovaClient nova =
                new NovaClient(
                        settings.nova(),
                        settings.sharedSecret(),
                        settings.insecure(),
                        Duration.ofSeconds(5));
        Server server = new Server(threadPool());
        UnixDomainServerConnector connector =
                new UnixDomainServerConnector(
                        server, new HttpConnectionFactory(quietHttpConfiguration()));
        connector.setUnixDomainPath(settings.socket());
        server.addConnector(connector);
        server.setHandler(new MetadataHandler(lookup, nova));
        try {
            Files.createDirectories(settings.socket().toAbsolutePath().getParent());
            Files.deleteIfExists(settings.socket());
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + settings.socket(), e);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot start the metadata agent on " + settings.socket() + ": " + e, e);
        }
        log.info("metadata agent listening socket={} nova={}", settings.socket(), settings.nova());
        return new MetadataAgent(settings, server);
    }

    public Path socket() {
        return settings.socket();
    }

    @Override
    public void close() {
        try {
            server.stop();
            Files.deleteIfExists(settings.socket());
        } catch (Exception e) {
            log.warn(
                    "metadata agent on socket={} did not stop cleanly: {}", socket(), e.toString());
        }
    }

    private static QueuedThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(64, 2);
        pool.setName("metadata-agent");
        return pool;
    }

    private static HttpConfiguration quietHttpConfiguration() {
        HttpConfiguration configuration = new HttpConfiguration();
        configuration.setSendServerVersion(false);
        configuration.setSendXPoweredBy(false);
        return configuration;
    }
}
