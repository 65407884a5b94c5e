package org.weft.agent.l2;

import org.weft.agent.l2.firewall.HybridIptablesFirewall;
import org.weft.agent.l2.firewall.OpenvswitchFirewall;

/** The firewall driver {@code firewall_driver} names. */
public final class FirewallDrivers {
    private FirewallDrivers() {}

    /**
     * The driver called {@code name} ({@code openvswitch}, {@code iptables_hybrid} or {@code noop};
     * the configuration option has already turned the guides' class paths into these).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static FirewallDriver of(String name) {
        return switch (name) {
            case "noop" -> FirewallDriver.NOOP;
            case "openvswitch" -> new OpenvswitchFirewall();
            case "iptables_hybrid" -> new HybridIptablesFirewall();
            default ->
                    throw new IllegalArgumentException(
                            "unknown firewall driver '"
                                    + name
                                    + "': use openvswitch, iptables_hybrid or noop");
        };
    }
}
