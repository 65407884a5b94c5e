package org.weft.lab.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.weft.lab.LabDatabase;

/**
 * What a lab has made, as its state file records it. Everything is written down before it is made,
 * so that a crash between the two leaves at most a record of something missing, which tearing down
 * tolerates.
 */
public final class LabState {
    /** Where building stands. */
    public enum Phase {
        BUILDING,
        UP,
        TEARING_DOWN
    }

    public String name;
    public int computeNodes;
    public LabDatabase database = LabDatabase.EMBEDDED;

    /** Whether Keystone runs on the controller (absent in older state files: it did not). */
    public boolean keystone;

    public String runDirectory;
    public String createdAt;
    public Phase phase = Phase.BUILDING;

    /** Network namespaces under the machine's {@code /run/netns}. */
    public List<String> networkNamespaces = new ArrayList<>();

    /** Mount points in the machine's mount namespace (bind mounts, mount namespace files). */
    public List<String> mounts = new ArrayList<>();

    public List<ProcessEntry> processes = new ArrayList<>();
    public List<VmEntry> vms = new ArrayList<>();

    /** A process the lab started and stops by pid (and start time, against reused pids). */
    public record ProcessEntry(
            String name,
            String host,
            ProcessKind kind,
            long pid,
            String startedAt,
            String log,
            List<String> command) {}

    /** What kind of process an entry is: Weft's own, or what runs under Weft. */
    public enum ProcessKind {
        WEFT,
        SWITCH,
        BROKER,
        DATABASE,
        /** Keystone on the controller. */
        IDENTITY,
        DHCP_CLIENT,
        /** A program run on a host or in a VM for a check: a listener the demo probes, say. */
        WORKLOAD
    }

    /**
     * A VM: a network namespace inside its host, plugged into the host's {@code br-int}.
     *
     * @param namespace the VM's network namespace as its host names it
     */
    public record VmEntry(
            String name,
            String host,
            String namespace,
            String portId,
            String mac,
            int mtu,
            String vmUuid,
            boolean hybridPlug,
            boolean dhcp) {}

    public Optional<VmEntry> vm(String vmName) {
        return vms.stream().filter(vm -> vm.name().equals(vmName)).findFirst();
    }

    public void recordNamespace(String namespace) {
        if (!networkNamespaces.contains(namespace)) {
            networkNamespaces.add(namespace);
        }
    }

    public void recordMount(String mountPoint) {
        if (!mounts.contains(mountPoint)) {
            mounts.add(mountPoint);
        }
    }
}
