package org.weft.doctor;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs checks in order and gathers what they found; a check that breaks becomes a failure of its
 * own rather than the end of the report.
 */
public final class Doctor {
    private static final Logger log = LoggerFactory.getLogger(Doctor.class);

    private final List<Check> checks;

    public Doctor(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    /** The checks of a host as the install guide sets one up, see {@link HostChecks}. */
    public static Doctor forHost() {
        return new Doctor(HostChecks.all());
    }

    public List<CheckResult> run(DoctorContext context) {
        List<CheckResult> results = new ArrayList<>();
        for (Check check : checks) {
            try {
                results.add(check.run(context));
            } catch (RuntimeException e) {
                log.debug("check {} broke", check.name(), e);
                results.add(
                        CheckResult.fail(
                                check.name(),
                                "the check itself failed: " + e,
                                "run weft doctor with debug = True to see why"));
            }
        }
        return results;
    }
}
