package org.weft.doctor;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.weft.config.Config;
import org.weft.config.Option;

/**
 * Where {@code weft doctor} finds the controller's API: the setting Nova's configuration already
 * has on every compute node ({@code [neutron] url} today, {@code quantum_url} in the guide's era),
 * so an operator can hand the doctor {@code nova.conf} too.
 */
public final class DoctorOptions {
    private DoctorOptions() {}

    public static final Option<String> SERVER_URL =
            Option.string("neutron", "url")
                    .alias("DEFAULT", "quantum_url")
                    .alias("DEFAULT", "neutron_url")
                    .validate(URI::create, "an http:// or https:// URL")
                    .build();

    public static List<Option<?>> all() {
        return List.of(SERVER_URL);
    }

    static Optional<URI> serverUrl(Config config) {
        return config.find(SERVER_URL).map(URI::create);
    }
}
