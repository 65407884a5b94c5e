package org.weft.config;

import java.util.List;
import java.util.Map;

/** Settings every Weft process reads from {@code [DEFAULT]}: logging, identity, the plugin. */
public final class CommonOptions {
    private CommonOptions() {}

    public static final Option<Boolean> DEBUG =
            Option.bool("DEFAULT", "debug").defaultValue(false).build();
    public static final Option<Boolean> VERBOSE =
            Option.bool("DEFAULT", "verbose").defaultValue(true).build();
    public static final Option<String> LOG_DIR =
            Option.string("DEFAULT", "log_dir").alias("DEFAULT", "logdir").build();
    public static final Option<String> LOG_FILE =
            Option.string("DEFAULT", "log_file").alias("DEFAULT", "logfile").build();
    public static final Option<Boolean> USE_STDERR =
            Option.bool("DEFAULT", "use_stderr").defaultValue(false).build();

    /** Log lines as JSON objects, one per line, for log collectors (oslo.log's name). */
    public static final Option<Boolean> USE_JSON =
            Option.bool("DEFAULT", "use_json").defaultValue(false).build();

    /** The name this host reports to the server; the machine's host name when not set. */
    public static final Option<String> HOST = Option.string("DEFAULT", "host").build();

    public static final Option<String> STATE_PATH =
            Option.string("DEFAULT", "state_path").defaultValue("/var/lib/weft").build();
    public static final Option<String> LOCK_PATH =
            Option.string("DEFAULT", "lock_path")
                    .alias("oslo_concurrency", "lock_path")
                    .unused("Weft takes its locks in memory and in the database")
                    .build();

    /**
     * The plugin: Weft is the Open vSwitch plugin (Grizzly's) and ML2 with its openvswitch
     * mechanism (today's), whatever class path names it.
     */
    public static final Option<String> CORE_PLUGIN =
            Option.choice(
                            "DEFAULT",
                            "core_plugin",
                            List.of("ml2", "openvswitch"),
                            Map.of(
                                    "quantum.plugins.openvswitch.ovs_quantum_plugin.OVSQuantumPluginV2",
                                    "openvswitch",
                                    "neutron.plugins.openvswitch.ovs_neutron_plugin.OVSNeutronPluginV2",
                                    "openvswitch",
                                    "neutron.plugins.ml2.plugin.Ml2Plugin",
                                    "ml2",
                                    "ovs",
                                    "openvswitch"))
                    .defaultValue("ml2")
                    .build();

    /** Keys of the guide's files that describe the Python deployment and mean nothing here. */
    public static final Option<String> ROOT_HELPER =
            Option.string("AGENT", "root_helper")
                    .unused(
                            "Weft runs its tools with its own capabilities, without sudo or"
                                    + " rootwrap")
                    .build();

    public static final Option<String> SIGNING_DIR =
            Option.string("keystone_authtoken", "signing_dir")
                    .unused("PKI tokens are gone from Keystone; tokens are validated online")
                    .build();

    /**
     * The Keystone settings of the guide ({@code quantum.conf}'s {@code [keystone_authtoken]} and
     * {@code api-paste.ini}'s {@code [filter:authtoken]}) and of today's Neutron. Agents talk only
     * to the bus and need none of them; {@code weft server} reads them (see {@code
     * org.weft.server.policy.KeystoneOptions}) when {@code auth_strategy = keystone}.
     */
    public static List<Option<?>> keystoneSettings() {
        List<Option<?>> settings = new java.util.ArrayList<>();
        for (String section : List.of("keystone_authtoken", "filter:authtoken")) {
            for (String key : KEYSTONE_KEYS) {
                Option.Builder<String> option =
                        Option.string(section, key)
                                .unused(
                                        "only weft server with auth_strategy = keystone asks"
                                                + " Keystone; agents talk only to the bus");
                if (key.contains("password") || key.equals("admin_token")) {
                    option.secret();
                }
                settings.add(option.build());
            }
        }
        return settings;
    }

    private static final List<String> KEYSTONE_KEYS =
            List.of(
                    "auth_host",
                    "auth_port",
                    "auth_protocol",
                    "admin_tenant_name",
                    "admin_user",
                    "admin_password",
                    "admin_token",
                    "auth_uri",
                    "identity_uri",
                    "auth_version",
                    "www_authenticate_uri",
                    "auth_url",
                    "auth_type",
                    "username",
                    "password",
                    "project_name",
                    "user_domain_name",
                    "project_domain_name",
                    "user_domain_id",
                    "project_domain_id",
                    "region_name",
                    "token_cache_time",
                    "revocation_cache_time",
                    "memcached_servers",
                    "service_token_roles_required",
                    "delay_auth_decision",
                    "insecure",
                    "cafile",
                    "paste.filter_factory");

    public static final Option<String> API_PASTE_CONFIG =
            Option.string("DEFAULT", "api_paste_config").defaultValue("api-paste.ini").build();

    public static List<Option<?>> all() {
        List<Option<?>> all = new java.util.ArrayList<>(keystoneSettings());
        all.addAll(named());
        return all;
    }

    private static List<Option<?>> named() {
        return List.of(
                DEBUG,
                VERBOSE,
                LOG_DIR,
                LOG_FILE,
                USE_STDERR,
                USE_JSON,
                HOST,
                STATE_PATH,
                LOCK_PATH,
                CORE_PLUGIN,
                ROOT_HELPER,
                SIGNING_DIR,
                API_PASTE_CONFIG);
    }
}
