package org.weft.agent.metadata;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.weft.config.CommonOptions;
import org.weft.config.Config;
import org.weft.config.Option;

/**
 * The settings of {@code weft agent metadata}, from {@code metadata_agent.ini}: the keys the
 * install guide writes, exactly, and today's names for them.
 */
public final class MetadataAgentOptions {
    private MetadataAgentOptions() {}

    private static final String NOT_NEEDED =
            "the metadata agent finds instances by asking the Weft server over the bus, not the"
                    + " Quantum API, so it needs no Keystone credentials";

    public static final Option<String> AUTH_URL =
            Option.string("DEFAULT", "auth_url").unused(NOT_NEEDED).build();
    public static final Option<String> AUTH_REGION =
            Option.string("DEFAULT", "auth_region").unused(NOT_NEEDED).build();
    public static final Option<String> ADMIN_TENANT_NAME =
            Option.string("DEFAULT", "admin_tenant_name").unused(NOT_NEEDED).build();
    public static final Option<String> ADMIN_USER =
            Option.string("DEFAULT", "admin_user").unused(NOT_NEEDED).build();
    public static final Option<String> ADMIN_PASSWORD =
            Option.string("DEFAULT", "admin_password").secret().unused(NOT_NEEDED).build();

    /** Where Nova's metadata server listens; the guide's era called it {@code nova_metadata_ip}. */
    public static final Option<String> NOVA_METADATA_HOST =
            Option.string("DEFAULT", "nova_metadata_host")
                    .alias("DEFAULT", "nova_metadata_ip")
                    .defaultValue("127.0.0.1")
                    .build();

    public static final Option<Integer> NOVA_METADATA_PORT =
            Option.integer("DEFAULT", "nova_metadata_port", 1, 65535).defaultValue(8775).build();

    public static final Option<String> NOVA_METADATA_PROTOCOL =
            Option.choice("DEFAULT", "nova_metadata_protocol", List.of("http", "https"), Map.of())
                    .defaultValue("http")
                    .build();

    /**
     * Accept Nova's certificate without checking it, for test clouds with self-signed ones. Client
     * certificates ({@code nova_client_cert}, {@code nova_client_priv_key}) are not supported: such
     * keys are warned about as unknown, and an https Nova that demands one refuses the agent.
     */
    public static final Option<Boolean> NOVA_METADATA_INSECURE =
            Option.bool("DEFAULT", "nova_metadata_insecure").defaultValue(false).build();

    /** The key of {@code X-Instance-ID-Signature}; must be Nova's {@code [neutron]} one. */
    public static final Option<String> METADATA_PROXY_SHARED_SECRET =
            Option.string("DEFAULT", "metadata_proxy_shared_secret")
                    .secret()
                    .defaultValue("")
                    .build();

    /** The unix socket the proxies forward to; {@code $state_path/metadata_proxy} by default. */
    public static final Option<String> METADATA_PROXY_SOCKET =
            Option.string("DEFAULT", "metadata_proxy_socket").build();

    public static final Option<Integer> METADATA_WORKERS =
            Option.integer("DEFAULT", "metadata_workers", 0, 1024)
                    .unused("one process serves every request, on as many threads as needed")
                    .build();

    public static final Option<Integer> METADATA_BACKLOG =
            Option.integer("DEFAULT", "metadata_backlog", 1, 65535)
                    .unused("the listening socket's backlog is the system's default")
                    .build();

    public static List<Option<?>> all() {
        return List.of(
                AUTH_URL,
                AUTH_REGION,
                ADMIN_TENANT_NAME,
                ADMIN_USER,
                ADMIN_PASSWORD,
                NOVA_METADATA_HOST,
                NOVA_METADATA_PORT,
                NOVA_METADATA_PROTOCOL,
                NOVA_METADATA_INSECURE,
                METADATA_PROXY_SHARED_SECRET,
                METADATA_PROXY_SOCKET,
                METADATA_WORKERS,
                METADATA_BACKLOG);
    }

    /** The unix socket of the metadata agent, as the agent and the proxies both read it. */
    public static Path socket(Config config) {
        return config.find(METADATA_PROXY_SOCKET)
                .map(Path::of)
                .orElseGet(() -> Path.of(config.get(CommonOptions.STATE_PATH), "metadata_proxy"));
    }

    /** Reads every setting the guide writes that Weft does not need, so each is reported once. */
    public static void reportUnused(Config config) {
        for (Option<?> option : all()) {
            if (option.unusedBecause().isPresent()) {
                config.find(option);
            }
        }
    }
}
