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
                                QUOTA_DRIVER));
        all.addAll(QUOTAS.values());
        return all;
    }
}
