package org.weft.server.api.internal;

import java.util.List;
import java.util.OptionalLong;
import org.weft.server.api.ApiRequest;
import org.weft.server.api.ApiResponse;
import org.weft.server.api.AttributeSpec;
import org.weft.server.api.Extension;
import org.weft.server.api.Filter;
import org.weft.server.api.ResourceCollection;
import org.weft.server.api.ResourceOperations;
import org.weft.server.api.ResourceSpec;
import org.weft.server.api.Validators;
import org.weft.server.policy.Caller;
import org.weft.server.policy.ProjectId;
import org.weft.server.service.Attributes;
import org.weft.server.service.SecurityGroup;
import org.weft.server.service.SecurityGroupId;
import org.weft.server.service.Services;

/** {@code /v2.0/security-groups}: groups with their rules; a list makes the default group. */
public final class SecurityGroupApi {
    private SecurityGroupApi() {}

    /** The extensions of security groups as the reference lists them. */
    public static final List<Extension> EXTENSIONS =
            List.of(
                    new Extension(
                            "security-group",
                            "security-group",
                            "The security groups extension.",
                            "2012-10-05T10:00:00-00:00"),
                    new Extension(
                            "Normalized CIDR field for security group rules",
                            "security-groups-normalized-cidr",
                            "Add new field with normalized remote_ip_prefix cidr in SG rule",
                            "2020-07-28T10:00:00-00:00"),
                    new Extension(
                            "Port filtering on security groups",
                            "port-security-groups-filtering",
                            "Provides security groups filtering when listing ports",
                            "2018-01-09T09:00:00-00:00"),
                    new Extension(
                            "Security group filtering on the shared field",
                            "security-groups-shared-filtering",
                            "Support filtering security groups on the shared field",
                            "2021-10-05T09:00:00-00:00"),
                    new Extension(
                            "Stateful security group",
                            "stateful-security-group",
                            "Indicates if the security group is stateful or not",
                            "2019-11-26T09:00:00-00:00"));

    public static ResourceSpec spec() {
        ResourceSpec spec = new ResourceSpec("security_group", "security-groups");
        spec.add(AttributeSpec.named("id").column("id", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("name")
                        .post()
                        .put()
                        .validate(Validators.string(255))
                        .column("name", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("stateful")
                        .post()
                        .put()
                        .validate(Validators.BOOLEAN)
                        .column("stateful", Filter.Kind.BOOLEAN));
        spec.add(AttributeSpec.named("shared").column("shared", Filter.Kind.BOOLEAN));
        spec.add(AttributeSpec.named("security_group_rules"));
        spec.addStandard();
        return spec;
    }

    public static ResourceCollection<SecurityGroup> collection(Services services) {
        ResourceOperations<SecurityGroup> operations =
                new ResourceOperations<>() {
                    @Override
                    public SecurityGroup create(Caller caller, Attributes attributes) {
                        return services.securityGroups().create(caller, attributes);
                    }

                    @Override
                    public SecurityGroup update(
                            Caller caller, String id, Attributes changes, OptionalLong ifMatch) {
                        return services.securityGroups()
                                .update(caller, SecurityGroupId.of(id), changes, ifMatch);
                    }

                    @Override
                    public void delete(Caller caller, String id, OptionalLong ifMatch) {
                        services.securityGroups().delete(caller, SecurityGroupId.of(id), ifMatch);
                    }
                };
        return new ResourceCollection<>(
                spec(),
                services.securityGroups().kind(),
                operations,
                services.store(),
                services.tags()) {
            @Override
            protected ApiResponse list(ApiRequest request) {
                services.securityGroups().ensureDefault(listedProject(request));
                return super.list(request);
            }
        };
    }

    /** The project whose groups a list asks for: its project filter's, else the caller's. */
    private static ProjectId listedProject(ApiRequest request) {
        for (String filter : List.of("project_id", "tenant_id")) {
            List<String> values = request.queryValues(filter);
            if (!values.isEmpty() && !values.get(0).isEmpty()) {
                return new ProjectId(values.get(0));
            }
        }
        return request.caller().project();
    }
}
