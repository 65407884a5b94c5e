package org.weft.lab;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.weft.agent.vif.VifPort;
import org.weft.dataplane.linux.Placement;
import org.weft.lab.internal.DhcpClient;

/**
 * A lab VM: a network namespace inside a compute host, plugged into the host's {@code br-int} by
 * {@link org.weft.agent.vif.VifPlugger} as Nova's os-vif would plug a VM.
 *
 * @param name the VM's name in the lab
 * @param host the host it runs on
 * @param namespace its network namespace as the host names it
 * @param port its port as plugged
 * @param device its interface inside the namespace
 * @param directory its files (the DHCP client's script, log and lease)
 */
public record Vm(
        String name, LabHost host, String namespace, VifPort port, String device, Path directory) {

    /** Where commands run to run inside the VM. */
    public Placement placement() {
        return host.placement().namespace(namespace);
    }

    /** The lease the VM's DHCP client holds, if any: {@code ip}, {@code mask}, {@code router}… */
    public Optional<Map<String, String>> lease() {
        return DhcpClient.lease(directory);
    }
}
