package org.weft.doctor;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.weft.config.Config;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.ovs.Capabilities;
import org.weft.dataplane.ovs.CapabilityProbe;
import org.weft.dataplane.ovs.OvsOptions;
import org.weft.dataplane.ovsdb.OvsdbClient;
import org.weft.dataplane.ovsdb.OvsdbException;
import org.weft.dataplane.ovsdb.VswitchDatabase;

/**
 * What the checks share: the configuration, where the host is (its namespaces), this host's clock,
 * and what earlier checks found out (the Open vSwitch connection, the probe's findings, the
 * controller's answer), so that each is done once and a check that depends on a failed one skips.
 */
public final class DoctorContext implements AutoCloseable {
    private final Config config;
    private final Settings settings;
    private VswitchDatabase database;
    private OvsdbException databaseFailure;
    private Capabilities capabilities;
    private ApiAnswer apiAnswer;

    /** How this run of the doctor was asked to look. */
    public record Settings(
            boolean networkNode, Optional<URI> serverUrl, Placement placement, Clock clock) {
        public static Settings defaults() {
            return new Settings(false, Optional.empty(), Placement.here(), Clock.systemUTC());
        }
    }

    /** The controller's answer to a GET of its URL: status and the time it said it was. */
    public record ApiAnswer(
            int status, Optional<java.time.Instant> date, java.time.Instant received) {}

    public DoctorContext(Config config, Settings settings) {
        this.config = config;
        this.settings = settings;
    }

    public Config config() {
        return config;
    }

    public Settings settings() {
        return settings;
    }

    /** The database of this host's Open vSwitch, connected at first use. */
    public Optional<VswitchDatabase> database() {
        if (database == null && databaseFailure == null) {
            Duration limit = Duration.ofSeconds(config.get(OvsOptions.OVSDB_TIMEOUT));
            try {
                database =
                        VswitchDatabase.connect(
                                OvsdbClient.builder(OvsOptions.ovsdbTarget(config))
                                        .requestTimeout(limit)
                                        .backoff(Duration.ofMillis(100), Duration.ofSeconds(1)),
                                limit);
            } catch (OvsdbException e) {
                databaseFailure = e;
            }
        }
        return Optional.ofNullable(database);
    }

    public Optional<OvsdbException> databaseFailure() {
        database();
        return Optional.ofNullable(databaseFailure);
    }

    /** What the capability probe found for the configured datapath type, probed at first use. */
    public Optional<Capabilities> capabilities() {
        if (capabilities == null) {
            database()
                    .ifPresent(
                            found ->
                                    capabilities =
                                            new CapabilityProbe(
                                                            found, OvsOptions.runDirectory(config))
                                                    .probe(config.get(OvsOptions.DATAPATH_TYPE)));
        }
        return Optional.ofNullable(capabilities);
    }

    public Optional<ApiAnswer> apiAnswer() {
        return Optional.ofNullable(apiAnswer);
    }

    void recordApiAnswer(ApiAnswer answer) {
        this.apiAnswer = answer;
    }

    @Override
    public void close() {
        if (database != null) {
            database.close();
        }
    }
}
