package org.weft.doctor;

import java.util.List;
import java.util.stream.Collectors;
import org.weft.dataplane.ovs.Capabilities;
import org.weft.dataplane.ovs.OvsOptions;
import org.weft.dataplane.ovsdb.TunnelType;

/**
 * The tunnel types the configuration turns on, and patch ports, work with the configured datapath
 * type: what the agent checks before it starts.
 */
final class TunnelCheck implements Check {
    @Override
    public String name() {
        return "Tunnels and patch ports";
    }

    @Override
    public CheckResult run(DoctorContext context) {
        return context.capabilities()
                .map(capabilities -> judge(capabilities, context))
                .orElseGet(() -> CheckResult.skip(name(), "Open vSwitch is not reachable"));
    }

    private CheckResult judge(Capabilities capabilities, DoctorContext context) {
        List<TunnelType> wanted = OvsOptions.tunnelTypes(context.config());
        List<TunnelType> missing = capabilities.missing(wanted);
        boolean patchNeeded =
                !wanted.isEmpty() || !OvsOptions.bridgeMappings(context.config()).isEmpty();
        if (!missing.isEmpty() || (patchNeeded && !capabilities.patchPorts().works())) {
            return CheckResult.fail(
                    name(),
                    capabilities.tunnellingProblem(missing),
                    capabilities.tunnellingRemedy());
        }
        String working =
                capabilities.tunnels().entrySet().stream()
                        .filter(entry -> entry.getValue().works())
                        .map(entry -> entry.getKey().type())
                        .sorted()
                        .collect(Collectors.joining(", "));
        return CheckResult.ok(
                name(),
                (wanted.isEmpty() ? "tunnelling is off" : "tunnelling with " + types(wanted))
                        + "; on datapath_type "
                        + capabilities.datapathType()
                        + " these work: "
                        + (working.isEmpty() ? "no tunnel type" : working)
                        + (capabilities.patchPorts().works() ? ", patch ports" : ""));
    }

    private static String types(List<TunnelType> types) {
        return types.stream().map(TunnelType::type).collect(Collectors.joining(", "));
    }
}
