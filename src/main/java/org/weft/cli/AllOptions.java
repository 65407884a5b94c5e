package org.weft.cli;

import java.util.ArrayList;
import java.util.List;
import org.weft.agent.dhcp.DhcpAgentOptions;
import org.weft.agent.l2.OvsAgentOptions;
import org.weft.agent.l3.L3AgentOptions;
import org.weft.agent.metadata.MetadataAgentOptions;
import org.weft.bus.BusOptions;
import org.weft.config.CommonOptions;
import org.weft.config.KnownOptions;
import org.weft.config.Option;
import org.weft.dataplane.ovs.OvsOptions;
import org.weft.doctor.DoctorOptions;
import org.weft.metrics.MetricsOptions;
import org.weft.server.ServerOptions;
import org.weft.server.agent.AgentOptions;
import org.weft.server.ml2.Ml2Options;
import org.weft.server.nova.NovaOptions;
import org.weft.server.scheduler.SchedulerOptions;

/** The options of every part of Weft, gathered so that unknown keys can be told apart. */
final class AllOptions {
    private AllOptions() {}

    static KnownOptions known() {
        List<Option<?>> all = new ArrayList<>();
        all.addAll(CommonOptions.all());
        all.addAll(BusOptions.all());
        all.addAll(L3AgentOptions.all());
        all.addAll(MetadataAgentOptions.all());
        all.addAll(ServerOptions.all());
        all.addAll(NovaOptions.all());
        all.addAll(Ml2Options.all());
        all.addAll(OvsAgentOptions.all());
        all.addAll(DhcpAgentOptions.all());
        all.addAll(AgentOptions.all());
        all.addAll(OvsOptions.all());
        all.addAll(DoctorOptions.all());
        all.addAll(MetricsOptions.all());
        all.addAll(SchedulerOptions.all());
        return new KnownOptions(all);
    }
}
