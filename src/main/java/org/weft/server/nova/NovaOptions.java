package org.weft.server.nova;

import java.util.List;
import java.util.Map;
import org.weft.config.Option;

/** When and how the server tells Nova about its ports: Neutron's names and defaults. */
public final class NovaOptions {
    private NovaOptions() {}

    private static final String NOVA = "nova";

    public static final Option<Boolean> NOTIFY_ON_PORT_STATUS_CHANGES =
            Option.bool("DEFAULT", "notify_nova_on_port_status_changes").defaultValue(true).build();
    public static final Option<Boolean> NOTIFY_ON_PORT_DATA_CHANGES =
            Option.bool("DEFAULT", "notify_nova_on_port_data_changes").defaultValue(true).build();

    /** Seconds between two batches of events; events of the same interval go in one request. */
    public static final Option<Integer> SEND_EVENTS_INTERVAL =
            Option.integer("DEFAULT", "send_events_interval", 1, 3600).defaultValue(2).build();

    public static final Option<String> NOVA_URL =
            Option.string("DEFAULT", "nova_url")
                    .unused(
                            "Nova's endpoint comes from Keystone's catalog ([nova] region_name,"
                                    + " endpoint_type)")
                    .build();
    public static final Option<String> NOVA_ADMIN_USERNAME =
            Option.string("DEFAULT", "nova_admin_username")
                    .unused("today's Neutron names it [nova] username")
                    .build();

    /** Keystone's endpoint; without it no event is sent. */
    public static final Option<String> AUTH_URL = Option.string(NOVA, "auth_url").build();

    public static final Option<String> AUTH_TYPE =
            Option.choice(NOVA, "auth_type", List.of("password"), Map.of("v3password", "password"))
                    .alias(NOVA, "auth_plugin")
                    .defaultValue("password")
                    .build();
    public static final Option<String> USERNAME = Option.string(NOVA, "username").build();
    public static final Option<String> PASSWORD = Option.string(NOVA, "password").secret().build();
    public static final Option<String> PROJECT_NAME =
            Option.string(NOVA, "project_name").alias(NOVA, "tenant_name").build();
    public static final Option<String> USER_DOMAIN_NAME =
            Option.string(NOVA, "user_domain_name").defaultValue("Default").build();
    public static final Option<String> PROJECT_DOMAIN_NAME =
            Option.string(NOVA, "project_domain_name").defaultValue("Default").build();

    /** The catalog's region of Nova's endpoint; any when unset. */
    public static final Option<String> REGION_NAME = Option.string(NOVA, "region_name").build();

    public static final Option<String> ENDPOINT_TYPE =
            Option.choice(
                            NOVA,
                            "endpoint_type",
                            List.of("public", "internal", "admin"),
                            Map.of(
                                    "publicURL",
                                    "public",
                                    "internalURL",
                                    "internal",
                                    "adminURL",
                                    "admin"))
                    .alias(NOVA, "interface")
                    .defaultValue("public")
                    .build();
    public static final Option<Boolean> INSECURE =
            Option.bool(NOVA, "insecure")
                    .defaultValue(false)
                    .unused("Weft reaches Keystone and Nova with the JVM's trust store")
                    .build();
    public static final Option<String> CAFILE =
            Option.string(NOVA, "cafile")
                    .unused("Weft reaches Keystone and Nova with the JVM's trust store")
                    .build();
    public static final Option<String> USER_DOMAIN_ID =
            Option.string(NOVA, "user_domain_id").unused("Weft names domains by name").build();
    public static final Option<String> PROJECT_DOMAIN_ID =
            Option.string(NOVA, "project_domain_id").unused("Weft names domains by name").build();

    public static List<Option<?>> all() {
        return List.of(
                NOTIFY_ON_PORT_STATUS_CHANGES,
                NOTIFY_ON_PORT_DATA_CHANGES,
                SEND_EVENTS_INTERVAL,
                NOVA_URL,
                NOVA_ADMIN_USERNAME,
                AUTH_URL,
                AUTH_TYPE,
                USERNAME,
                PASSWORD,
                PROJECT_NAME,
                USER_DOMAIN_NAME,
                PROJECT_DOMAIN_NAME,
                REGION_NAME,
                ENDPOINT_TYPE,
                INSECURE,
                CAFILE,
                USER_DOMAIN_ID,
                PROJECT_DOMAIN_ID);
    }
}
