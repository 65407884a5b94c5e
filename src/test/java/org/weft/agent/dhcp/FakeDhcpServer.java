package org.weft.agent.dhcp;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.weft.agent.dhcp.internal.Cidr;

/**
 * The server's side of the DHCP agent's conversation, kept in memory: it holds networks, makes DHCP
 * ports with the lowest free addresses, and announces every change to the subscribed agent as the
 * real server's events would. It can be made to fail, as an unreachable server does.
 */
final class FakeDhcpServer implements DhcpStateSource {
    private final Map<String, DhcpNetwork> networks = new LinkedHashMap<>();
    private final AtomicInteger failuresToCome = new AtomicInteger();
    private volatile DhcpChanges agent;

    synchronized DhcpNetwork createNetwork(String id, int mtu, DhcpSubnet... subnets) {
        DhcpNetwork network = new DhcpNetwork(id, "project", mtu, List.of(subnets), List.of());
        networks.put(id, network);
        announce(changes -> changes.networkChanged(network));
        return network;
    }

    synchronized void updateSubnets(String networkId, DhcpSubnet... subnets) {
        networks.computeIfPresent(
                networkId, (id, network) -> network.withSubnets(List.of(subnets)));
        announce(changes -> changes.networkOutdated(networkId));
    }

    synchronized void deleteNetwork(String networkId) {
        networks.remove(networkId);
        announce(changes -> changes.networkDeleted(networkId));
    }

    /** A VM's port, with the given addresses. */
    synchronized DhcpPort createPort(String networkId, String mac, FixedIp... ips) {
        DhcpPort port =
                new DhcpPort(
                        UUID.randomUUID().toString(),
                        networkId,
                        mac,
                        "compute:nova",
                        UUID.randomUUID().toString(),
                        List.of(ips));
        return savePort(port);
    }

    synchronized DhcpPort savePort(DhcpPort port) {
        networks.computeIfPresent(port.networkId(), (id, network) -> network.withPort(port));
        announce(changes -> changes.portChanged(port));
        return port;
    }

    synchronized void deletePort(String portId) {
        networks.replaceAll((id, network) -> network.withoutPort(portId));
        announce(changes -> changes.portDeleted(portId));
    }

    /** The next {@code count} calls of the agent fail as if the server could not be reached. */
    void failNextCalls(int count) {
        failuresToCome.set(count);
    }

    @Override
    public synchronized List<DhcpNetwork> activeNetworks() {
        failIfAsked();
        return List.copyOf(networks.values());
    }

    @Override
    public synchronized Optional<DhcpNetwork> network(String networkId) {
        failIfAsked();
        return Optional.ofNullable(networks.get(networkId));
    }

    @Override
    public synchronized DhcpPort ensureDhcpPort(
            String networkId, String deviceId, Set<String> subnetIds) {
        failIfAsked();
        DhcpNetwork network = networks.get(networkId);
        if (network == null) {
            throw new IllegalStateException("no network " + networkId);
        }
        Optional<DhcpPort> existing =
                network.ports().stream()
                        .filter(port -> port.deviceId().equals(deviceId))
                        .findFirst();
        List<FixedIp> ips = new ArrayList<>();
        for (String subnetId : subnetIds) {
            Optional<FixedIp> kept =
                    existing.stream()
                            .flatMap(port -> port.fixedIps().stream())
                            .filter(ip -> ip.subnetId().equals(subnetId))
                            .findFirst();
            ips.add(
                    kept.orElseGet(
                            () -> allocate(network, network.subnet(subnetId).orElseThrow())));
        }
        DhcpPort port =
                new DhcpPort(
                        existing.map(DhcpPort::id).orElse(UUID.randomUUID().toString()),
                        networkId,
                        existing.map(DhcpPort::macAddress).orElse(randomMac()),
                        DhcpPort.OWNER_DHCP,
                        deviceId,
                        ips);
        return savePort(port);
    }

    @Override
    public synchronized void releaseDhcpPort(String networkId, String deviceId) {
        DhcpNetwork network = networks.get(networkId);
        if (network == null) {
            return;
        }
        network.ports().stream()
                .filter(port -> port.deviceId().equals(deviceId))
                .map(DhcpPort::id)
                .toList()
                .forEach(this::deletePort);
    }

    @Override
    public void subscribe(DhcpChanges changes) {
        this.agent = changes;
    }

    private void failIfAsked() {
        if (failuresToCome.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            throw new IllegalStateException("server unreachable (as the test asked)");
        }
    }

    private void announce(java.util.function.Consumer<DhcpChanges> event) {
        DhcpChanges changes = agent;
        if (changes != null) {
            event.accept(changes);
        }
    }

    /** The lowest address from the subnet's second host up that no port holds. */
    private static FixedIp allocate(DhcpNetwork network, DhcpSubnet subnet) {
        Set<String> used = new HashSet<>();
        network.ports().forEach(port -> port.fixedIps().forEach(ip -> used.add(ip.ipAddress())));
        subnet.gatewayIp().ifPresent(used::add);
        Cidr cidr = Cidr.parse(subnet.cidr());
        BigInteger base = new BigInteger(1, cidr.network().getAddress());
        for (int offset = 2; offset < 1000; offset++) {
            String candidate = Cidr.text(address(base.add(BigInteger.valueOf(offset)), cidr));
            if (!used.contains(candidate)) {
                return new FixedIp(subnet.id(), candidate);
            }
        }
        throw new IllegalStateException("subnet " + subnet.id() + " is full");
    }

    private static InetAddress address(BigInteger value, Cidr cidr) {
        int length = cidr.network().getAddress().length;
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[length];
        System.arraycopy(
                raw,
                Math.max(0, raw.length - length),
                bytes,
                Math.max(0, length - raw.length),
                Math.min(length, raw.length));
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static String randomMac() {
        int bits = new java.util.Random().nextInt(1 << 24);
        return String.format(
                "fa:16:3e:%02x:%02x:%02x", (bits >> 16) & 255, (bits >> 8) & 255, bits & 255);
    }
}
