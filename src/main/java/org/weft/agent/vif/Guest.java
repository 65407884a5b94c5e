package org.weft.agent.vif;

import java.util.Objects;

/** Where the VM's end of a plugged port goes. */
public sealed interface Guest {

    /**
     * A VM that is a network namespace (the lab's VMs): the tap is one end of a veth pair whose
     * other end, {@code device}, lives in the namespace with the port's MAC.
     *
     * @param name the namespace's name under the host's {@code /run/netns}
     * @param device the VM's interface inside it ({@code eth0})
     */
    record Namespace(String name, String device) implements Guest {
        public Namespace {
            Objects.requireNonNull(name);
            if (device.isEmpty() || device.length() > 15) {
                throw new IllegalArgumentException("invalid device name '" + device + "'");
            }
        }
    }

    /**
     * A VM run by a hypervisor: the tap is a persistent tap device the hypervisor opens, and the
     * MAC is the hypervisor's to give the guest's NIC.
     */
    record Tap() implements Guest {}

    static Guest namespace(String name, String device) {
        return new Namespace(name, device);
    }

    static Guest tap() {
        return new Tap();
    }
}
