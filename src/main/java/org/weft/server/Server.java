package org.weft.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.bus.Bus;
import org.weft.bus.Handlers;
import org.weft.bus.Topics;
import org.weft.bus.message.AgentMessages;
import org.weft.config.CommonOptions;
import org.weft.config.Config;
import org.weft.config.StartRefusedException;
import org.weft.server.agent.AgentRegistry;
import org.weft.server.agent.internal.AgentApi;
import org.weft.server.api.ApiServer;
import org.weft.server.api.Extensions;
import org.weft.server.api.ResourceCollection;
import org.weft.server.api.Router;
import org.weft.server.api.internal.FloatingIpApi;
import org.weft.server.api.internal.NetworkApi;
import org.weft.server.api.internal.PortApi;
import org.weft.server.api.internal.QuotaApi;
import org.weft.server.api.internal.RouterApi;
import org.weft.server.api.internal.SecurityGroupApi;
import org.weft.server.api.internal.SecurityGroupRuleApi;
import org.weft.server.api.internal.SubnetApi;
import org.weft.server.ipam.MacAddress;
import org.weft.server.ml2.Ml2Plugin;
import org.weft.server.ml2.RegisteredL2Agents;
import org.weft.server.nova.NovaNotifier;
import org.weft.server.policy.Authenticator;
import org.weft.server.policy.KeystoneAuthenticator;
import org.weft.server.policy.KeystoneSettings;
import org.weft.server.rpc.dhcp.DhcpNotifier;
import org.weft.server.rpc.dhcp.DhcpRpc;
import org.weft.server.rpc.l2.L2Notifier;
import org.weft.server.rpc.l2.L2PluginRpc;
import org.weft.server.rpc.l3.L3Notifier;
import org.weft.server.rpc.l3.L3Rpc;
import org.weft.server.rpc.metadata.InstanceLookupHandler;
import org.weft.server.rpc.securitygroups.SecurityGroupNotifier;
import org.weft.server.rpc.securitygroups.SecurityGroupRpc;
import org.weft.server.scheduler.DhcpScheduler;
import org.weft.server.scheduler.L3Scheduler;
import org.weft.server.scheduler.internal.SchedulerApi;
import org.weft.server.service.Network;
import org.weft.server.service.ServiceSettings;
import org.weft.server.service.Services;
import org.weft.store.Database;
import org.weft.store.DatabaseUnavailableException;
import org.weft.store.ForeignSchemaException;
import org.weft.store.PoolSettings;
import org.weft.store.Store;

/**
 * One running API server: its store, its service layer and its HTTP API. Other parts plug in
 * between {@link #prepare} and {@link #start}: listeners on {@link Services#events()}, collections
 * and extensions on {@link #router()}.
 */
public final class Server implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Server.class);

    private final Store store;
    private final Services services;
    private final Router router;
    private final AgentRegistry agents;
    private final Ml2Plugin ml2;
    private final DhcpScheduler dhcpScheduler;
    private final L3Scheduler l3Scheduler;
    private final Handlers.Builder plugin = Handlers.forTopic(Topics.PLUGIN);
    private ApiServer api;
    private Bus bus;
    private L2Notifier l2Notifier;
    private Optional<NovaNotifier> novaNotifier = Optional.empty();

    private Server(
            Store store,
            Services services,
            Router router,
            AgentRegistry agents,
            Ml2Plugin ml2,
            DhcpScheduler dhcpScheduler,
            L3Scheduler l3Scheduler) {
        this.store = store;
        this.services = services;
        this.router = router;
        this.agents = agents;
        this.ml2 = ml2;
        this.dhcpScheduler = dhcpScheduler;
        this.l3Scheduler = l3Scheduler;
        services.events().register(dhcpScheduler);
        services.events().register(l3Scheduler);
    }

    /**
     * Opens the database of {@code config} (embedded in {@code dataDir} unless a connection is set)
     * and builds the services and the API, not yet listening.
     */
    public static Server prepare(Config config, Path dataDir) {
        Authenticator authenticator = authenticator(config);
        Database database = database(config, dataDir);
        Store store = openStore(database, poolSettings(config));
        AgentRegistry agents = AgentRegistry.of(store, config);
        Ml2Plugin ml2 = Ml2Plugin.of(config, store, new RegisteredL2Agents(agents));
        Services services =
                Services.builder(store)
                        .settings(settings(config))
                        .segments(ml2.segments())
                        .binder(ml2.binder())
                        .build();
        Router router = new Router(Extensions.core(), authenticator);
        ResourceCollection<Network> networks = NetworkApi.collection(services);
        router.registerCore(networks);
        router.registerCore(SubnetApi.collection(services));
        router.registerCore(PortApi.collection(services));
        router.register(new QuotaApi(services.quotas()));
        router.register(SecurityGroupApi.collection(services));
        router.register(SecurityGroupRuleApi.collection(services));
        SecurityGroupApi.EXTENSIONS.forEach(router.extensions()::register);
        ResourceCollection<org.weft.server.service.Router> routers = RouterApi.collection(services);
        router.register(routers);
        RouterApi.EXTENSIONS.forEach(router.extensions()::register);
        router.register(FloatingIpApi.collection(services));
        FloatingIpApi.EXTENSIONS.forEach(router.extensions()::register);
        AgentApi agentApi = new AgentApi(agents);
        router.register(agentApi);
        router.extensions().register(AgentApi.EXTENSION);
        DhcpScheduler dhcpScheduler = DhcpScheduler.of(services, agents, config);
        L3Scheduler l3Scheduler = L3Scheduler.of(services, agents, config);
        SchedulerApi.register(dhcpScheduler, l3Scheduler, agentApi, networks, routers);
        router.extensions().register(SchedulerApi.DHCP_EXTENSION);
        router.extensions().register(SchedulerApi.L3_EXTENSION);
        Server server =
                new Server(store, services, router, agents, ml2, dhcpScheduler, l3Scheduler);
        new DhcpRpc(services, dhcpScheduler).addTo(server.pluginHandlers());
        new L3Rpc(services, l3Scheduler).addTo(server.pluginHandlers());
        new SecurityGroupRpc(services).addTo(server.pluginHandlers());
        new InstanceLookupHandler(services.ports()).register(server.pluginHandlers());
        server.novaNotifier = NovaNotifier.of(config);
        server.novaNotifier.ifPresent(services.events()::register);
        return server;
    }

    private static Authenticator authenticator(Config config) {
        if (config.get(ServerOptions.AUTH_STRATEGY).equals("keystone")) {
            return new KeystoneAuthenticator(KeystoneSettings.of(config));
        }
        return Authenticator.NOAUTH;
    }

    /**
     * The database a configuration names: the embedded one in {@code dataDir} when no connection is
     * set (or a {@code sqlite://} one, which the embedded database stands in for), else MariaDB or
     * PostgreSQL as the URL says.
     */
    static Database database(Config config, Path dataDir) {
        String connection = config.find(ServerOptions.DATABASE_CONNECTION).orElse("").strip();
        String scheme =
                connection.contains(":")
                        ? connection.substring(0, connection.indexOf(':'))
                        : connection;
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (connection.isEmpty() || scheme.startsWith("sqlite") || scheme.equals("h2")) {
            return Database.embedded(createDirectory(dataDir));
        }
        try {
            return Database.fromUrl(connection);
        } catch (IllegalArgumentException e) {
            throw new StartRefusedException("[database] connection: " + e.getMessage());
        }
    }

    static PoolSettings poolSettings(Config config) {
        return new PoolSettings(
                config.get(ServerOptions.MAX_POOL_SIZE),
                config.get(ServerOptions.MAX_OVERFLOW),
                Duration.ofSeconds(config.get(ServerOptions.POOL_TIMEOUT)),
                Duration.ofSeconds(config.get(ServerOptions.CONNECTION_RECYCLE_TIME)),
                config.get(ServerOptions.MAX_RETRIES),
                Duration.ofSeconds(config.get(ServerOptions.RETRY_INTERVAL)));
    }

    private static Store openStore(Database database, PoolSettings pool) {
        try {
            return Store.open(database, pool);
        } catch (ForeignSchemaException | DatabaseUnavailableException e) {
            throw new StartRefusedException(e.getMessage());
        }
    }

    private static Path createDirectory(Path dataDir) {
        try {
            return Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StartRefusedException(
                    "cannot create data directory " + dataDir + ": " + e.getMessage());
        }
    }

    /** The data directory: the one given, else {@code state_path}. */
    public static Path dataDir(Config config, Path given) {
        return given != null ? given : Path.of(config.get(CommonOptions.STATE_PATH));
    }

    static ServiceSettings settings(Config config) {
        Map<String, Integer> quotas = new LinkedHashMap<>();
        ServerOptions.QUOTAS.forEach(
                (resource, option) -> quotas.put(resource, config.get(option)));
        return new ServiceSettings(
                MacAddress.parse(config.get(ServerOptions.BASE_MAC)),
                config.get(ServerOptions.ALLOW_OVERLAPPING_IPS),
                quotas);
    }

    public Services services() {
        return services;
    }

    public Router router() {
        return router;
    }

    public AgentRegistry agents() {
        return agents;
    }

    /**
     * The handlers of the agents' calls to the plugin ({@code q-plugin}): parts add theirs here
     * before {@link #connect}, which serves them all in one subscription (every listener of a topic
     * must answer all its methods, see {@link Bus#subscribe}).
     */
    public Handlers.Builder pluginHandlers() {
        return plugin;
    }

    /**
     * Answers the agents on {@code bus}: their heartbeats and the plugin's methods; the server
     * closes the bus when it closes.
     */
    public Server connect(Bus bus) {
        this.bus = bus;
        agents.serve(bus);
        dhcpScheduler.connect(bus);
        l3Scheduler.connect(bus);
        services.events().register(new DhcpNotifier(bus));
        services.events().register(new L3Notifier(bus));
        services.events().register(new SecurityGroupNotifier(bus));
        l2Notifier = new L2Notifier(bus, ml2.portHosts());
        services.events().register(l2Notifier);
        new L2PluginRpc(services, ml2.binder(), ml2.tunnels(), ml2.portHosts(), l2Notifier)
                .register(plugin);
        L2Notifier notifier = l2Notifier;
        agents.onDelete(
                agent -> {
                    if (agent.agentType().equals(AgentMessages.OPEN_VSWITCH_AGENT)) {
                        ml2.tunnels().removeHost(agent.host()).forEach(notifier::tunnelRemoved);
                    }
                });
        Handlers handlers = plugin.build();
        if (!handlers.methods().isEmpty()) {
            bus.subscribe(handlers);
        }
        return this;
    }

    /** The bus to the agents, once {@link #connect}ed. */
    public Optional<Bus> bus() {
        return Optional.ofNullable(bus);
    }

    /** Where networks with DHCP run. */
    public DhcpScheduler dhcpScheduler() {
        return dhcpScheduler;
    }

    /** Where routers run. */
    public L3Scheduler l3Scheduler() {
        return l3Scheduler;
    }

    /** The L2 parts: segments, binding, tunnel endpoints, the hosts of networks. */
    public Ml2Plugin ml2() {
        return ml2;
    }

    /** Starts answering on {@code host}:{@code port}; 0 picks a free port. */
    public Server start(String host, int port) {
        api = new ApiServer(router).start(host, port);
        return this;
    }

    /** The port the API listens on. */
    public int port() {
        return api.port();
    }

    @Override
    public void close() {
        if (api != null) {
            api.close();
        }
        if (l2Notifier != null) {
            l2Notifier.close();
        }
        novaNotifier.ifPresent(NovaNotifier::close);
        dhcpScheduler.close();
        l3Scheduler.close();
        if (bus != null) {
            bus.close();
        }
        store.close();
        log.info("server stopped");
    }
}
