package org.weft.dataplane.linux;

/**
 * Plugs the device of a Weft port (a DHCP server's {@code tap…}, a router's {@code qr-…} or {@code
 * qg-…}) into a namespace and attaches its other end to a bridge, as Neutron's interface drivers
 * do. Both operations are idempotent: plugging what is plugged, or unplugging what is gone, changes
 * nothing.
 */
public interface InterfaceDriver {

    /** Ensures {@code device} exists as described, up, with its MAC and MTU. */
    void plug(PluggedDevice device);

    /** Removes the device and its attachment, if they exist. */
    void unplug(PluggedDevice device);
}
