package org.weft.agent.l2;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.weft.dataplane.openflow.Flow;

/** The firewall driver {@code firewall_driver} names. */
public final class FirewallDrivers {
    private static final Logger log = LoggerFactory.getLogger(FirewallDrivers.class);

    private FirewallDrivers() {}

    /**
     * The driver called {@code name}. The {@code openvswitch} and {@code iptables_hybrid} drivers
     * are not part of the agent yet: in their place stands one that reports their name and plugging
     * (so that ports are bound and plugged as they will be) but enforces no security group rule;
     * anti-spoofing is the agent's own and applies under every driver.
     */
    public static FirewallDriver of(String name) {
        return switch (name) {
            case "noop" -> FirewallDriver.NOOP;
            case "openvswitch" -> unenforced(name, false);
            case "iptables_hybrid" -> unenforced(name, true);
            default -> throw new IllegalArgumentException("unknown firewall driver '" + name + "'");
        };
    }

    private static FirewallDriver unenforced(String name, boolean hybridPlug) {
        return new FirewallDriver() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean hybridPlug() {
                return hybridPlug;
            }

            @Override
            public List<Flow> integrationFlows(List<WiredPort> ports) {
                return List.of();
            }

            @Override
            public void apply(List<WiredPort> ports) {}

            @Override
            public void start(Context context) {
                log.warn(
                        "security group rules are not enforced: firewall_driver={} is not"
                                + " available in this agent yet; ports get anti-spoofing only"
                                + " host={}",
                        name,
                        context.host());
            }
        };
    }
}
