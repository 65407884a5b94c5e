package org.weft.doctor;

import java.time.Duration;
import java.util.List;
import org.weft.bus.BrokerAttempt;
import org.weft.bus.BusFactory;
import org.weft.config.ConfigException;

/**
 * This host logs in to the message bus as its agents would: an agent that cannot reports nothing,
 * so the server lists it as down, and gets no port to wire. One admitting broker of a cluster is
 * enough, as the agents try each in turn.
 */
final class BusCheck implements Check {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Override
    public String name() {
        return "Message bus";
    }

    @Override
    public CheckResult run(DoctorContext context) {
        if (BusFactory.isInProcess(context.config())) {
            return CheckResult.skip(name(), "the in-process bus is configured (fake://)");
        }
        List<BrokerAttempt> attempts;
        try {
            attempts = BusFactory.tryBrokers(context.config(), TIMEOUT);
        } catch (ConfigException e) {
            return CheckResult.fail(name(), e.getMessage(), "fix transport_url or rabbit_host");
        }
        for (BrokerAttempt attempt : attempts) {
            if (attempt.admitted()) {
                return CheckResult.ok(
                        name(),
                        "logged in to "
                                + attempt.broker()
                                + " as "
                                + attempt.userId()
                                + " ("
                                + attempt.detail()
                                + ")");
            }
        }
        BrokerAttempt last = attempts.get(attempts.size() - 1);
        return last.outcome() == BrokerAttempt.Outcome.REFUSED
                ? CheckResult.fail(name(), describe(last), refusedRemedy(last))
                : CheckResult.fail(
                        name(),
                        describe(last),
                        "start RabbitMQ on the controller, and check that this host reaches it"
                                + " (rabbit_host or transport_url, port 5672, firewall)");
    }

    private static String describe(BrokerAttempt attempt) {
        return (attempt.outcome() == BrokerAttempt.Outcome.REFUSED
                        ? attempt.broker() + " refused " + attempt.userId()
                        : "no broker answered at " + attempt.broker())
                + ": "
                + attempt.detail();
    }

    /**
     * The broker says the same for a wrong password as for {@code guest} from another host, which
     * RabbitMQ admits only from its own by default: the guide's files log in as {@code guest}.
     */
    private static String refusedRemedy(BrokerAttempt attempt) {
        String remedy = "check rabbit_userid and rabbit_password (or the user in transport_url)";
        if (attempt.userId().equals("guest")) {
            remedy +=
                    "; RabbitMQ admits guest only from the broker's own host: create an account"
                            + " for the cloud on the controller (rabbitmqctl add_user, then"
                            + " set_permissions) and name it in every host's file, or set"
                            + " loopback_users = none in rabbitmq.conf";
        }
        return remedy;
    }
}
