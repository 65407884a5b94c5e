package org.weft.bus;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.weft.bus.internal.amqp.AmqpBus;
import org.weft.bus.internal.amqp.AmqpSettings;
import org.weft.bus.internal.amqp.BrokerAddress;
import org.weft.bus.internal.amqp.TransportUrl;
import org.weft.bus.internal.inprocess.InProcessBus;
import org.weft.config.CommonOptions;
import org.weft.config.Config;
import org.weft.config.ConfigException;

/** Builds the bus a configuration asks for; see {@link BusOptions}. */
public final class BusFactory {
    private BusFactory() {}

    /**
     * The bus of {@code config}: on RabbitMQ (connecting in the background, so this returns even
     * when the broker is down) or in-process, metered ({@link MeteredBus}).
     *
     * @param processName names this process's connection on the broker ({@code server}, {@code
     *     ovs-agent}, …)
     */
    public static Bus create(Config config, String processName) {
        if (isInProcess(config)) {
            return MeteredBus.wrap(new InProcessBus(rpcTimeout(config)));
        }
        return MeteredBus.wrap(AmqpBus.start(amqpSettings(config, processName)));
    }

    /**
     * Whether {@code config} asks for the in-process bus ({@code fake://}, {@code rpc_backend}).
     */
    public static boolean isInProcess(Config config) {
        return config.find(BusOptions.TRANSPORT_URL)
                .map(url -> transportUrl(config, url).driver().equals("fake"))
                .orElseGet(() -> config.get(BusOptions.RPC_BACKEND).equals("inprocess"));
    }

    /** The RabbitMQ settings of {@code config}. */
    public static AmqpSettings amqpSettings(Config config, String processName) {
        List<BrokerAddress> brokers;
        String virtualHost;
        var url = config.find(BusOptions.TRANSPORT_URL);
        if (url.isPresent()) {
            TransportUrl parsed = transportUrl(config, url.get());
            brokers = parsed.brokers();
            virtualHost = parsed.virtualHost();
        } else {
            brokers = brokersOf(config);
            virtualHost = config.get(BusOptions.RABBIT_VIRTUAL_HOST);
        }
        if (brokers.isEmpty()) {
            throw new ConfigException(BusOptions.TRANSPORT_URL + " names no broker host");
        }
        int threshold = config.get(BusOptions.HEARTBEAT_TIMEOUT_THRESHOLD);
        return new AmqpSettings(
                brokers,
                virtualHost,
                config.get(BusOptions.CONTROL_EXCHANGE),
                rpcTimeout(config),
                Duration.ofSeconds(threshold == 0 ? 0 : Math.max(1, threshold / 2)),
                Duration.ofSeconds(config.get(BusOptions.RABBIT_RETRY_INTERVAL)),
                Duration.ofSeconds(config.get(BusOptions.RABBIT_RETRY_BACKOFF)),
                Duration.ofSeconds(config.get(BusOptions.RABBIT_INTERVAL_MAX)),
                processName + "@" + hostName(config));
    }

    /**
     * Logs in to each broker of {@code config} once, as this host's processes would, and logs out
     * again; for a check of the host, not for the bus itself.
     */
    public static List<BrokerAttempt> tryBrokers(Config config, Duration timeout) {
        AmqpSettings settings = amqpSettings(config, "doctor");
        List<BrokerAttempt> attempts = new ArrayList<>();
        for (BrokerAddress broker : settings.brokers()) {
            attempts.add(AmqpBus.tryLogin(settings, broker, timeout));
        }
        return attempts;
    }

    private static Duration rpcTimeout(Config config) {
        return Duration.ofSeconds(config.get(BusOptions.RPC_RESPONSE_TIMEOUT));
    }

    private static TransportUrl transportUrl(Config config, String text) {
        TransportUrl parsed;
        try {
            parsed = TransportUrl.parse(text, defaultBroker(config));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(BusOptions.TRANSPORT_URL + ": " + e.getMessage());
        }
        if (!List.of("rabbit", "kombu", "fake").contains(parsed.driver())) {
            throw new ConfigException(
                    BusOptions.TRANSPORT_URL
                            + ": driver '"
                            + parsed.driver()
                            + "' is not supported, expected rabbit:// (or fake:// for one JVM)");
        }
        return parsed;
    }

    private static BrokerAddress defaultBroker(Config config) {
        return new BrokerAddress(
                config.get(BusOptions.RABBIT_HOST),
                config.get(BusOptions.RABBIT_PORT),
                config.get(BusOptions.RABBIT_USERID),
                config.get(BusOptions.RABBIT_PASSWORD));
    }

    private static List<BrokerAddress> brokersOf(Config config) {
        BrokerAddress single = defaultBroker(config);
        List<String> hosts = config.find(BusOptions.RABBIT_HOSTS).orElse(List.of());
        if (hosts.isEmpty()) {
            return List.of(single);
        }
        List<BrokerAddress> brokers = new ArrayList<>();
        for (String host : hosts) {
            try {
                brokers.add(TransportUrl.parse("rabbit://" + host + "/", single).brokers().get(0));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new ConfigException(
                        BusOptions.RABBIT_HOSTS + ": invalid host '" + host + "'");
            }
        }
        return brokers;
    }

    private static String hostName(Config config) {
        return config.find(CommonOptions.HOST)
                .orElseGet(
                        () -> {
                            try {
                                return InetAddress.getLocalHost().getHostName();
                            } catch (UnknownHostException e) {
                                return "localhost";
                            }
                        });
    }
}
