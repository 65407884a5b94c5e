package org.weft.server.service;

import java.time.Clock;
import org.weft.store.Store;

/**
 * The service layer of one server, wired together: what the HTTP API and the bus RPC handlers call.
 * Build it with {@link #builder(Store)}; the L2, security group and agent parts plug in through the
 * builder's hooks.
 */
public final class Services {
    private final Store store;
    private final ChangeEvents events;
    private final Quotas quotas;
    private final Networks networks;
    private final Subnets subnets;
    private final Ports ports;
    private final SecurityGroups securityGroups;
    private final Routers routers;
    private final FloatingIps floatingIps;
    private final Tags tags;

    private Services(Builder builder) {
        this.store = builder.store;
        this.events = new ChangeEvents();
        ServiceContext context =
                new ServiceContext(builder.store, events, builder.settings, builder.clock);
        this.quotas = context.quotas;
        this.networks = new Networks(context, builder.segments);
        this.subnets = new Subnets(context, networks);
        this.securityGroups = new SecurityGroups(context);
        this.ports = new Ports(context, networks, subnets, builder.binder, securityGroups);
        networks.beforeCreate(securityGroups::ensureDefault);
        this.routers = new Routers(context, ports);
        this.floatingIps = new FloatingIps(context, ports);
        ports.beforeDelete(routers::refuseDirectDeletion, floatingIps::disassociateFrom);
        networks.wire(subnets, ports);
        subnets.wire(ports);
        this.tags = new Tags(context);
        tags.register(networks.kind());
        tags.register(subnets.kind());
        tags.register(ports.kind());
        tags.register(securityGroups.kind());
        tags.register(routers.kind());
        tags.register(floatingIps.kind());
        quotas.registerCount("network", "SELECT COUNT(*) FROM networks WHERE project_id = ?");
        quotas.registerCount("subnet", "SELECT COUNT(*) FROM subnets WHERE project_id = ?");
        quotas.registerCount("port", "SELECT COUNT(*) FROM ports WHERE project_id = ?");
        quotas.registerCount("router", "SELECT COUNT(*) FROM routers WHERE project_id = ?");
        quotas.registerCount("floatingip", "SELECT COUNT(*) FROM floatingips WHERE project_id = ?");
        quotas.registerCount(
                "security_group", "SELECT COUNT(*) FROM security_groups WHERE project_id = ?");
        quotas.registerCount(
                "security_group_rule",
                "SELECT COUNT(*) FROM security_group_rules WHERE project_id = ?");
    }

    public static Builder builder(Store store) {
        return new Builder(store);
    }

    public Store store() {
        return store;
    }

    /** Where listeners of committed changes register. */
    public ChangeEvents events() {
        return events;
    }

    public Quotas quotas() {
        return quotas;
    }

    public Networks networks() {
        return networks;
    }

    public Subnets subnets() {
        return subnets;
    }

    public Ports ports() {
        return ports;
    }

    public SecurityGroups securityGroups() {
        return securityGroups;
    }

    public Routers routers() {
        return routers;
    }

    public FloatingIps floatingIps() {
        return floatingIps;
    }

    public Tags tags() {
        return tags;
    }

    /** Collects the settings and the hooks of the service layer. */
    public static final class Builder {
        private final Store store;
        private ServiceSettings settings = ServiceSettings.defaults();
        private Clock clock = Clock.systemUTC();
        private SegmentAllocator segments = SegmentAllocator.AS_GIVEN;
        private PortBinder binder = PortBinder.NO_AGENTS;

        private Builder(Store store) {
            this.store = store;
        }

        public Builder settings(ServiceSettings settings) {
            this.settings = settings;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder segments(SegmentAllocator segments) {
            this.segments = segments;
            return this;
        }

        public Builder binder(PortBinder binder) {
            this.binder = binder;
            return this;
        }

        public Services build() {
            return new Services(this);
        }
    }
}
