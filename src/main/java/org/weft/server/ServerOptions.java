package org.weft.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.weft.config.Option;
import org.weft.server.ipam.MacAddress;

/** The settings of {@code weft server}, with the Grizzly era's names as aliases. */
public final class ServerOptions {
    private ServerOptions() {}

    public static final Option<String> BIND_HOST =
            Option.string("DEFAULT", "bind_host").defaultValue("0.0.0.0").build();
    public static final Option<Integer> BIND_PORT =
            Option.integer("DEFAULT", "bind_port", 0, 65535).defaultValue(9696).build();
    public static final Option<String> AUTH_STRATEGY =
            Option.choice("DEFAULT", "auth_strategy", List.of("noauth", "keystone"), Map.of())
                    .defaultValue("noauth")
                    .build();
    public static final Option<String> BASE_MAC =
            Option.string("DEFAULT", "base_mac")
                    .defaultValue("fa:16:3e:00:00:00")
                    .validate(MacAddress::parse, "a MAC address such as fa:16:3e:00:00:00")
                    .build();
    public static final Option<Boolean> ALLOW_OVERLAPPING_IPS =
            Option.bool("DEFAULT", "allow_overlapping_ips").defaultValue(true).build();
    public static final Option<Integer> API_WORKERS =
            Option.integer("DEFAULT", "api_workers", 0, 1024)
                    .unused(
                            "one Weft server process serves every request on its own threads;"
                                    + " run several servers for more")
                    .build();
    public static final Option<String> DATABASE_CONNECTION =
            Option.string("database", "connection")
                    .alias("DATABASE", "sql_connection")
                    .secret()
                    .build();

    /**
     * Connections kept open. oslo.db's default is 5; Weft's server answers requests on many threads
     * at once, hence more.
     */
    public static final Option<Integer> MAX_POOL_SIZE =
            Option.integer("database", "max_pool_size", 1, 1024)
                    .alias("DEFAULT", "sql_max_pool_size")
                    .alias("DATABASE", "sql_max_pool_size")
                    .defaultValue(16)
                    .build();

    /** Connections opened beyond max_pool_size under load; oslo.db's default of 50 is a lot. */
    public static final Option<Integer> MAX_OVERFLOW =
            Option.integer("database", "max_overflow", 0, 1024)
                    .alias("DEFAULT", "sql_max_overflow")
                    .alias("DATABASE", "sqlalchemy_max_overflow")
                    .defaultValue(0)
                    .build();

    /** Seconds a request waits for a connection before failing with 503. */
    public static final Option<Integer> POOL_TIMEOUT =
            Option.integer("database", "pool_timeout", 1, 3600)
                    .alias("DATABASE", "sqlalchemy_pool_timeout")
                    .defaultValue(30)
                    .build();

    /** Seconds a connection lives before it is replaced. */
    public static final Option<Integer> CONNECTION_RECYCLE_TIME =
            Option.integer("database", "connection_recycle_time", 30, Integer.MAX_VALUE)
                    .alias("database", "idle_timeout")
                    .alias("DATABASE", "idle_timeout")
                    .alias("DEFAULT", "sql_idle_timeout")
                    .alias("DATABASE", "sql_idle_timeout")
                    .alias("sql", "idle_timeout")
                    .defaultValue(3600)
                    .build();

    /** Attempts to reach the database at start; -1 for no limit. */
    public static final Option<Integer> MAX_RETRIES =
            Option.integer("database", "max_retries", -1, Integer.MAX_VALUE)
                    .alias("DEFAULT", "sql_max_retries")
                    .alias("DATABASE", "sql_max_retries")
                    .defaultValue(10)
                    .build();

    /** Seconds between those attempts. */
    public static final Option<Integer> RETRY_INTERVAL =
            Option.integer("database", "retry_interval", 0, 3600)
                    .alias("DEFAULT", "sql_retry_interval")
                    .alias("DATABASE", "reconnect_interval")
                    .defaultValue(10)
                    .build();

    public static final Option<Integer> MIN_POOL_SIZE =
            Option.integer("database", "min_pool_size", 0, 1024)
                    .alias("DEFAULT", "sql_min_pool_size")
                    .alias("DATABASE", "sql_min_pool_size")
                    .unused("Weft keeps max_pool_size connections open")
                    .build();
    public static final Option<Boolean> SQL_DBPOOL_ENABLE =
            Option.bool("DATABASE", "sql_dbpool_enable")
                    .unused("Weft always pools its database connections")
                    .build();
    public static final Option<String> MYSQL_SQL_MODE =
            Option.string("database", "mysql_sql_mode")
                    .unused("Weft's statements run under the server's own SQL mode")
                    .build();
    public static final Option<Integer> CONNECTION_DEBUG =
            Option.integer("database", "connection_debug", 0, 100)
                    .unused("statement logging is Weft's DEBUG level of org.weft.store")
                    .build();
    public static final Option<String> QUOTA_DRIVER =
            Option.string("quotas", "quota_driver")
                    .alias("QUOTAS", "quota_driver")
                    .unused("Weft keeps quotas in its database, as Neutron's database driver does")
                    .build();

    /** {@code [quotas] quota_<resource>} ({@code [QUOTAS]} in the guide's era) per resource. */
    public static final Map<String, Option<Integer>> QUOTAS = quotaOptions();

    private static Map<String, Option<Integer>> quotaOptions() {
        Map<String, Option<Integer>> options = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Integer> resource :
                org.weft.server.service.Quotas.NEUTRON_DEFAULTS.entrySet()) {
            String key = "quota_" + resource.getKey();
            options.put(
                    resource.getKey(),
                    Option.integer("quotas", key, -1, Integer.MAX_VALUE)
                            .alias("QUOTAS", key)
                            .defaultValue(resource.getValue())
                            .build());
        }
        return java.util.Collections.unmodifiableMap(options);
    }

    public static List<Option<?>> all() {
        List<Option<?>> all =
                new ArrayList<>(
                        List.of(
                                BIND_HOST,
                                BIND_PORT,
                                AUTH_STRATEGY,
                                BASE_MAC,
                                ALLOW_OVERLAPPING_IPS,
                                API_WORKERS,
                                DATABASE_CONNECTION,
                                MAX_POOL_SIZE,
                                MAX_OVERFLOW,
                                POOL_TIMEOUT,
                                CONNECTION_RECYCLE_TIME,
                                MAX_RETRIES,
                                RETRY_INTERVAL,
                                MIN_POOL_SIZE,
                                SQL_DBPOOL_ENABLE,
                                MYSQL_SQL_MODE,
                                CONNECTION_DEBUG,
                                QUOTA_DRIVER));
        all.addAll(QUOTAS.values());
        return all;
    }
}
