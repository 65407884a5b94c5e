package org.weft.server.ml2;

import java.util.Locale;

/** How a network is carried, as {@code provider:network_type} names it. */
public enum NetworkType {
    /** Only on one host's integration bridge, without leaving it. */
    LOCAL(0),
    /** Untagged on a physical network. */
    FLAT(0),
    /** Tagged with a VLAN id on a physical network. */
    VLAN(4094),
    GRE(Integer.MAX_VALUE),
    VXLAN((1 << 24) - 1),
    GENEVE((1 << 24) - 1);

    private final int maxSegmentationId;

    NetworkType(int maxSegmentationId) {
        this.maxSegmentationId = maxSegmentationId;
    }

    /** The name as the API and the configuration write it: {@code gre}, {@code vxlan}, … */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether networks of this type cross hosts in tunnels between their {@code local_ip}s. */
    public boolean isTunnel() {
        return this == GRE || this == VXLAN || this == GENEVE;
    }

    /** Whether networks of this type live on a physical network ({@code bridge_mappings}). */
    public boolean isPhysical() {
        return this == FLAT || this == VLAN;
    }

    /**
     * The largest segmentation id: 4094 for VLANs, 2^24-1 for VXLAN and Geneve. GRE keys are 32
     * bits, but the API's integer attribute stops at 2^31-1, so GRE networks stop there too.
     */
    public int maxSegmentationId() {
        return maxSegmentationId;
    }

    /** The type called {@code text}; empty when Weft knows no such type. */
    public static java.util.Optional<NetworkType> find(String text) {
        for (NetworkType type : values()) {
            if (type.wire().equalsIgnoreCase(text.strip())) {
                return java.util.Optional.of(type);
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return wire();
    }
}
