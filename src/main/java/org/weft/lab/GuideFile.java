package org.weft.lab;

import java.util.Set;

/**
 * A file of the install guide's network node chapter ({@code etc/guide/}), written on each host
 * that needs it at the path the guide names, with only the host's own addresses substituted.
 */
public enum GuideFile {
    QUANTUM_CONF("quantum.conf", "quantum/quantum.conf"),
    API_PASTE_INI("api-paste.ini", "quantum/api-paste.ini"),
    OVS_PLUGIN_INI("ovs_quantum_plugin.ini", "quantum/plugins/openvswitch/ovs_quantum_plugin.ini"),
    METADATA_AGENT_INI("metadata_agent.ini", "quantum/metadata_agent.ini");

    private final String guideName;
    private final String hostPath;

    GuideFile(String guideName, String hostPath) {
        this.guideName = guideName;
        this.hostPath = hostPath;
    }

    /** The file's name under {@code etc/guide/}. */
    public String guideName() {
        return guideName;
    }

    /** Where the guide puts it, relative to {@code /etc}: {@code quantum/quantum.conf}. */
    public String hostPath() {
        return hostPath;
    }

    /** The guide's text with the network node's addresses replaced by {@code host}'s. */
    public String forHost(String guideText, LabHost host) {
        if (this != OVS_PLUGIN_INI) {
            return guideText;
        }
        // The snippet is the network node's: its local_ip is the only per-host address in these
        // files (every other address is the controller's).
        String localIp = host.localIp().orElse(GUIDE_LOCAL_IP);
        return guideText.replace("local_ip = " + GUIDE_LOCAL_IP, "local_ip = " + localIp);
    }

    /** Every file a host of {@code role} gets. */
    public static Set<GuideFile> forRole(HostRole role) {
        return switch (role) {
            case CONTROLLER, COMPUTE -> Set.of(QUANTUM_CONF, API_PASTE_INI, OVS_PLUGIN_INI);
            case NETWORK -> Set.of(values());
            case UPSTREAM -> Set.of();
        };
    }

    private static final String GUIDE_LOCAL_IP = "10.20.20.52";
}
