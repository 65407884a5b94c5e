package org.weft.agent.l2;

import java.nio.file.Path;
import java.util.List;
import org.weft.bus.Bus;
import org.weft.bus.Handlers;
import org.weft.dataplane.linux.Placement;
import org.weft.dataplane.openflow.Flow;

/**
 * Where security groups plug into the agent. After each change the agent asks the driver for its
 * part of {@code br-int}'s flows and installs them with its own, in the same bundle, and then lets
 * it apply whatever it keeps outside OpenFlow (iptables).
 *
 * <p>The integration bridge's pipeline gives a driver {@link IntegrationTables#FIREWALL_FIRST} to
 * {@link IntegrationTables#FIREWALL_LAST} for its own tables, and table {@link
 * IntegrationTables#ACCEPTED}, where every packet of a wired port lands once its sources are
 * checked: the agent's flow there, at priority 0, forwards with {@code NORMAL}; a driver steers
 * packets into its tables with higher priorities and, once accepted, forwards them itself (with
 * {@code NORMAL}). Its flows must use cookies of {@link IntegrationTables#FIREWALL_COOKIE}.
 */
public interface FirewallDriver {

    /** The name {@code firewall_driver} gives it, reported in the agent's heartbeat. */
    String name();

    /**
     * Whether Nova must plug ports through a Linux bridge of their own ({@code ovs_hybrid_plug}).
     */
    boolean hybridPlug();

    /** The driver's flows on {@code br-int} for the wired ports; none for drivers without. */
    List<Flow> integrationFlows(List<WiredPort> ports);

    /**
     * Applies what the driver keeps outside OpenFlow for the wired ports; called after the flows
     * {@link #integrationFlows} last returned are installed, so that connections a changed policy
     * no longer allows can be cut once the new rules judge what they send next.
     */
    void apply(List<WiredPort> ports);

    /** What a driver may use of its agent. */
    interface Context {
        Bus bus();

        /** The host the agent reports as. */
        String host();

        /** Asks the agent to compute and install its flows again (the rules changed). */
        void reprogram();

        /** Where the host's devices and iptables are: the agent's own namespaces, or a host's. */
        Placement placement();

        /** The switch's run directory, where its database and control sockets are. */
        Path runDirectory();
    }

    /** Called once, before the agent wires anything. */
    default void start(Context context) {}

    /**
     * The agent starts a full resynchronisation: what the driver learned from the server may be out
     * of date, and must be asked for again.
     */
    default void resync() {}

    /**
     * Whether {@code port}'s traffic is filtered: ports with port security, except the network's
     * own (DHCP, router), which Neutron trusts.
     */
    static boolean filters(WiredPort port) {
        return port.antiSpoofing();
    }

    /**
     * Adds the driver's handlers (security group changes) to the agent's subscription on {@link
     * org.weft.bus.Topics#L2_AGENT}.
     */
    default Handlers.Builder addHandlers(Handlers.Builder l2Agent) {
        return l2Agent;
    }

    /** Filters nothing: {@code firewall_driver = noop} or {@code enable_security_group = False}. */
    FirewallDriver NOOP =
            new FirewallDriver() {
                @Override
                public String name() {
                    return "noop";
                }

                @Override
                public boolean hybridPlug() {
                    return false;
                }

                @Override
                public List<Flow> integrationFlows(List<WiredPort> ports) {
                    return List.of();
                }

                @Override
                public void apply(List<WiredPort> ports) {}
            };
}
