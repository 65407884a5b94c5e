package org.weft.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a lab is and how it is doing: its hosts, the processes it started and whether they are still
 * alive, its VMs, and how to reach the API.
 *
 * @param name the lab's name
 * @param runDirectory its files
 * @param phase {@code BUILDING}, {@code UP} or {@code TEARING_DOWN}
 * @param hosts its hosts
 * @param processes every process it started
 * @param vms its VMs
 * @param clientEnvironment what the {@code openstack} client needs, as environment variables
 */
public record LabStatus(
        String name,
        Path runDirectory,
        String phase,
        List<HostStatus> hosts,
        List<ProcessStatus> processes,
        List<VmStatus> vms,
        Map<String, String> clientEnvironment) {

    /** A host: where it is and whether its namespaces exist. */
    public record HostStatus(
            String name,
            HostRole role,
            Map<LabNetwork, String> addresses,
            String networkNamespace,
            boolean present,
            Path directory) {}

    /** A process the lab started. */
    public record ProcessStatus(
            String host, String name, String kind, long pid, boolean alive, String log) {}

    /** A VM. */
    public record VmStatus(
            String name, String host, String portId, String mac, boolean dhcp, String address) {}
}
