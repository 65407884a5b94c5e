package org.weft.doctor;

import java.time.Duration;

/**
 * This host's clock agrees with the controller's, as its API's {@code Date} header tells: the
 * server judges agents alive by the time of their reports, and tokens expire by the clock.
 */
final class ClockCheck implements Check {
    /** The Date header has whole seconds; more than this apart is a clock out of step. */
    static final Duration TOLERANCE = Duration.ofSeconds(5);

    @Override
    public String name() {
        return "Clock";
    }

    @Override
    public CheckResult run(DoctorContext context) {
        var answer = context.apiAnswer();
        if (answer.isEmpty()) {
            return CheckResult.skip(name(), "the controller's API did not answer");
        }
        if (answer.get().date().isEmpty()) {
            return CheckResult.skip(name(), "the controller's answer had no Date header");
        }
        long offset =
                Duration.between(answer.get().date().get(), answer.get().received()).toSeconds();
        if (Math.abs(offset) <= TOLERANCE.toSeconds()) {
            return CheckResult.ok(name(), "in step with the controller (" + offset + " s apart)");
        }
        return CheckResult.fail(
                name(),
                "this host's clock is "
                        + Math.abs(offset)
                        + " s "
                        + (offset > 0 ? "ahead of" : "behind")
                        + " the controller's",
                "keep both in step with NTP (chrony or ntpd pointed at the controller or a common"
                        + " server); agents whose clocks drift are reported down");
    }
}
