package org.weft.server.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The extensions Weft really supports, the one list {@code /v2.0/extensions} shows: clients decide
 * what to send from it, so an alias belongs here only once its behaviour works. A part that lands a
 * resource or behaviour registers its aliases with {@link #register}.
 */
public final class Extensions {
    private final List<Extension> extensions = new CopyOnWriteArrayList<>();

    /** The extensions of the core server: networks, subnets, ports and their behaviours. */
    public static Extensions core() {
        Extensions core = new Extensions();
        core.register(
                new Extension(
                        "Allowed Address Pairs",
                        "allowed-address-pairs",
                        "Provides allowed address pairs",
                        "2013-07-23T10:00:00-00:00"));
        core.register(
                new Extension(
                        "Availability Zone",
                        "availability_zone",
                        "The availability zone extension.",
                        "2015-01-01T10:00:00-00:00"));
        core.register(
                new Extension(
                        "Empty String Filtering Extension",
                        "empty-string-filtering",
                        "Allow filtering by attributes with empty string value",
                        "2018-05-01T10:00:00-00:00"));
        core.register(
                new Extension(
                        "Neutron external network",
                        "external-net",
                        "Adds external network attribute to network resource.",
                        "2013-01-14T10:00:00-00:00"));
        core.register(
                new Extension(
                        "Neutron Extra DHCP options",
                        "extra_dhcp_opt",
                        "Extra options configuration for DHCP. For example PXE boot options to DHCP"
                                + " clients can be specified (e.g. tftp-server, server-ip-address,"
                                + " bootfile-name)",
                        "2013-03-17T12:00:00-00:00"));
        core.register(
                new Extension(
                        "Filter parameters validation",
                        "filter-validation",
                        "Provides validation on filter parameters.",
                        "2018-07-04T10:00:00-00:00"));
        core.register(
                new Extension(
                        "Network MTU",
                        "net-mtu",
                        "Provides MTU attribute for a network resource.",
                        "2015-03-25T10:00:00-00:00"));
        core.register(
                new Extension(
                        "Network MTU (writable)",
                        "net-mtu-writable",
                        "Provides a writable MTU attribute for a network resource.",
                        "2017-07-12T00:00:00-00:00"));
        core.register(
                new Extension(
                        "Network Availability Zone",
                        "network_availability_zone",
                        "Availability zone support for network.",
                        "2015-01-01T10:00:00-00:00"));
        core.register(
                new Extension(
                        "Pagination support",
                        "pagination",
                        "Extension that indicates that pagination is enabled.",
                        "2016-06-12T00:00:00-00:00"));
        core.register(
                new Extension(
                        "Port Binding",
                        "binding",
                        "Expose port bindings of a virtual port to external application",
                        "2014-02-03T10:00:00-00:00"));
        core.register(
                new Extension(
                        "Port Security",
                        "port-security",
                        "Provides port security",
                        "2012-07-23T10:00:00-00:00"));
        core.register(
                new Extension(
                        "project_id field enabled",
                        "project-id",
                        "Extension that indicates that project_id field is enabled.",
                        "2016-09-09T09:09:09-09:09"));
        core.register(
                new Extension(
                        "Provider Network",
                        "provider",
                        "Expose mapping of virtual networks to physical networks",
                        "2012-09-07T10:00:00-00:00"));
        core.register(
                new Extension(
                        "Quota management support",
                        "quotas",
                        "Expose functions for quotas management per project",
                        "2012-07-29T10:00:00-00:00"));
        core.register(
                new Extension(
                        "Quota details management support",
                        "quota_details",
                        "Expose functions for quotas usage statistics per project",
                        "2017-02-10T10:00:00-00:00"));
        core.register(
                new Extension(
                        "If-Match constraints based on revision_number",
                        "revision-if-match",
                        "Extension indicating that If-Match based on revision_number is supported.",
                        "2016-12-11T00:00:00-00:00"));
        core.register(
                new Extension(
                        "Resource revision numbers",
                        "standard-attr-revisions",
                        "This extension will display the revision number of neutron resources.",
                        "2016-04-11T10:00:00-00:00"));
        core.register(
                new Extension(
                        "Sorting support",
                        "sorting",
                        "Extension that indicates that sorting is enabled.",
                        "2016-06-12T00:00:00-00:00"));
        core.register(
                new Extension(
                        "standard-attr-description",
                        "standard-attr-description",
                        "Extension to add descriptions to standard attributes",
                        "2016-02-10T10:00:00-00:00"));
        core.register(
                new Extension(
                        "Tag support for resources with standard attribute: port, subnet, network",
                        "standard-attr-tag",
                        "Enables to set tag on resources with standard attribute.",
                        "2017-01-01T00:00:00-00:00"));
        core.register(
                new Extension(
                        "Resource timestamps",
                        "standard-attr-timestamp",
                        "Adds created_at and updated_at fields to all Neutron resources that have"
                                + " Neutron standard attributes.",
                        "2016-09-12T10:00:00-00:00"));
        return core;
    }

    /** Adds an extension, or replaces the one with the same alias. */
    public void register(Extension extension) {
        extensions.removeIf(existing -> existing.alias().equals(extension.alias()));
        extensions.add(extension);
    }

    public List<Extension> all() {
        return new ArrayList<>(extensions);
    }

    public Optional<Extension> find(String alias) {
        return extensions.stream().filter(e -> e.alias().equals(alias)).findFirst();
    }
}
