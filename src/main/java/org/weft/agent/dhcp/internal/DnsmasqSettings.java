package org.weft.agent.dhcp.internal;

import java.util.List;
import org.weft.agent.dhcp.DhcpAgentOptions;
import org.weft.config.Config;

/**
 * What {@code dhcp_agent.ini} says about the way dnsmasq serves each network.
 *
 * @param dnsDomain the domain of hosts' names ({@code host-10-0-0-5.openstacklocal}); empty for
 *     none
 * @param leaseDuration seconds, or -1 for leases that never end
 * @param dnsServers the servers dnsmasq forwards DNS queries to
 * @param renewalTime seconds of DHCP option 58, 0 for the client's default
 * @param rebindingTime seconds of DHCP option 59, 0 for the client's default
 */
public record DnsmasqSettings(
        String dnsDomain,
        int leaseDuration,
        List<String> dnsServers,
        boolean localResolv,
        String configFile,
        int leaseMax,
        String baseLogDir,
        int renewalTime,
        int rebindingTime,
        boolean broadcastReply,
        boolean enableIsolatedMetadata,
        boolean enableMetadataNetwork,
        boolean forceMetadata) {

    public DnsmasqSettings {
        dnsServers = List.copyOf(dnsServers);
    }

    public static DnsmasqSettings from(Config config) {
        return new DnsmasqSettings(
                config.get(DhcpAgentOptions.DNS_DOMAIN).strip(),
                config.get(DhcpAgentOptions.DHCP_LEASE_DURATION),
                config.get(DhcpAgentOptions.DNSMASQ_DNS_SERVERS),
                config.get(DhcpAgentOptions.DNSMASQ_LOCAL_RESOLV),
                config.get(DhcpAgentOptions.DNSMASQ_CONFIG_FILE).strip(),
                config.get(DhcpAgentOptions.DNSMASQ_LEASE_MAX),
                config.get(DhcpAgentOptions.DNSMASQ_BASE_LOG_DIR).strip(),
                config.get(DhcpAgentOptions.DHCP_RENEWAL_TIME),
                config.get(DhcpAgentOptions.DHCP_REBINDING_TIME),
                config.get(DhcpAgentOptions.DHCP_BROADCAST_REPLY),
                config.get(DhcpAgentOptions.ENABLE_ISOLATED_METADATA),
                config.get(DhcpAgentOptions.ENABLE_METADATA_NETWORK),
                config.get(DhcpAgentOptions.FORCE_METADATA));
    }

    /** The settings of an empty {@code dhcp_agent.ini}. */
    public static DnsmasqSettings defaults() {
        return from(Config.empty());
    }

    /** Whether the DHCP port's device carries 169.254.169.254 for a metadata proxy. */
    public boolean metadataAddressOnDevice() {
        return enableIsolatedMetadata || forceMetadata;
    }
}
