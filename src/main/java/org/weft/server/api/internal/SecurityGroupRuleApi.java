package org.weft.server.api.internal;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.weft.server.BadRequestException;
import org.weft.server.api.AttributeSpec;
import org.weft.server.api.Filter;
import org.weft.server.api.PythonText;
import org.weft.server.api.ResourceCollection;
import org.weft.server.api.ResourceOperations;
import org.weft.server.api.ResourceSpec;
import org.weft.server.api.Validator;
import org.weft.server.api.Validators;
import org.weft.server.ipam.Cidr;
import org.weft.server.ipam.IpAddress;
import org.weft.server.policy.Caller;
import org.weft.server.service.Attributes;
import org.weft.server.service.SecurityGroupRule;
import org.weft.server.service.SecurityGroupRuleId;
import org.weft.server.service.SecurityGroupRules;
import org.weft.server.service.Services;

/**
 * {@code /v2.0/security-group-rules}, with Neutron's conversions of a rule's values: protocols by
 * name (any case) or number, ports as integers of 0 to 65535, ethertypes in any case, remote
 * prefixes with their length always written.
 */
public final class SecurityGroupRuleApi {
    private SecurityGroupRuleApi() {}

    private static final String SUPPORTED = supportedProtocols();

    private static String supportedProtocols() {
        List<String> names = new ArrayList<>();
        names.add("None");
        SecurityGroupRules.PROTOCOLS.keySet().forEach(name -> names.add("'" + name + "'"));
        return "[" + String.join(", ", names) + "]";
    }

    /** Neutron's {@code convert_protocol}: a known name in lower case, or a number 0 to 255. */
    static final Validator PROTOCOL =
            (attribute, value) -> {
                if (value.isNull()) {
                    return value;
                }
                if (value.isIntegralNumber() || value.isTextual()) {
                    String text = value.asText();
                    try {
                        int number = Integer.parseInt(text.strip());
                        if (number >= 0 && number <= 255) {
                            return TextNode.valueOf(text);
                        }
                    } catch (NumberFormatException e) {
                        String lower = text.toLowerCase(Locale.ROOT);
                        if (SecurityGroupRules.PROTOCOLS.containsKey(lower)) {
                            return TextNode.valueOf(lower);
                        }
                    }
                }
                throw new BadRequestException(
                        "SecurityGroupRuleInvalidProtocol",
                        "Security group rule protocol "
                                + PythonText.str(value)
                                + " not supported. Only protocol values "
                                + SUPPORTED
                                + " and integer representations [0 to 255] are supported.");
            };

    /** Neutron's {@code convert_validate_port_value}: an integer of 0 to 65535, or null. */
    static final Validator PORT =
            (attribute, value) -> {
                if (value.isNull()) {
                    return value;
                }
                Integer port = null;
                if (value.isNumber()) {
                    port =
                            value.isIntegralNumber() && !value.canConvertToInt()
                                    ? null
                                    : value.intValue();
                } else if (value.isTextual()) {
                    try {
                        port = Integer.parseInt(value.asText().strip());
                    } catch (NumberFormatException e) {
                        port = null;
                    }
                }
                if (port == null || port < 0 || port > 65535) {
                    throw SecurityGroupRules.invalidPort(PythonText.str(value));
                }
                return IntNode.valueOf(port);
            };

    /** {@code IPv4} or {@code IPv6}, in any case. */
    static final Validator ETHERTYPE =
            (attribute, value) -> {
                if (value.isTextual()) {
                    for (String ethertype : List.of("IPv4", "IPv6")) {
                        if (ethertype.equalsIgnoreCase(value.asText())) {
                            return TextNode.valueOf(ethertype);
                        }
                    }
                }
                throw new BadRequestException(
                        "SecurityGroupRuleInvalidEtherType",
                        "Security group rule for ethertype '"
                                + PythonText.str(value)
                                + "' not supported. Allowed values are ['IPv4', 'IPv6'].");
            };

    /** A prefix with its length always written and host bits kept; a bare address is a host. */
    static final Validator PREFIX =
            (attribute, value) -> {
                if (value.isNull()) {
                    return NullNode.getInstance();
                }
                String text = value.asText();
                try {
                    Cidr cidr = Cidr.parse(text);
                    String address =
                            text.contains("/") ? text.substring(0, text.indexOf('/')) : text;
                    return TextNode.valueOf(IpAddress.parse(address) + "/" + cidr.prefixLength());
                } catch (IllegalArgumentException e) {
                    throw new BadRequestException(
                            "InvalidCIDR",
                            "Invalid CIDR " + PythonText.str(value) + " given as IP prefix.");
                }
            };

    public static ResourceSpec spec() {
        ResourceSpec spec = new ResourceSpec("security_group_rule", "security-group-rules");
        spec.add(AttributeSpec.named("id").column("id", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("security_group_id")
                        .required()
                        .validate(Validators.string(255))
                        .column("security_group_id", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("remote_group_id")
                        .post()
                        .validate(Validators.stringOrNull(255))
                        .column("remote_group_id", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("direction")
                        .required()
                        .validate(Validators.oneOf(List.of("ingress", "egress")))
                        .column("direction", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("protocol")
                        .post()
                        .validate(PROTOCOL)
                        .column("protocol", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("port_range_min")
                        .post()
                        .validate(PORT)
                        .column("port_range_min", Filter.Kind.INTEGER));
        spec.add(
                AttributeSpec.named("port_range_max")
                        .post()
                        .validate(PORT)
                        .column("port_range_max", Filter.Kind.INTEGER));
        spec.add(
                AttributeSpec.named("ethertype")
                        .post()
                        .validate(ETHERTYPE)
                        .column("ethertype", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("remote_ip_prefix")
                        .post()
                        .validate(PREFIX)
                        .column("remote_ip_prefix", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("remote_address_group_id")
                        .post()
                        .validate(Validators.stringOrNull(255))
                        .column("remote_address_group_id", Filter.Kind.TEXT));
        spec.add(
                AttributeSpec.named("normalized_cidr").column("normalized_cidr", Filter.Kind.TEXT));
        spec.addStandard();
        return spec;
    }

    public static ResourceCollection<SecurityGroupRule> collection(Services services) {
        ResourceOperations<SecurityGroupRule> operations =
                new ResourceOperations<>() {
                    @Override
                    public SecurityGroupRule create(Caller caller, Attributes attributes) {
                        return services.securityGroups().createRule(caller, attributes);
                    }

                    @Override
                    public SecurityGroupRule update(
                            Caller caller, String id, Attributes changes, OptionalLong ifMatch) {
                        return services.securityGroups()
                                .updateRule(caller, SecurityGroupRuleId.of(id), changes, ifMatch);
                    }

                    @Override
                    public void delete(Caller caller, String id, OptionalLong ifMatch) {
                        services.securityGroups()
                                .deleteRule(caller, SecurityGroupRuleId.of(id), ifMatch);
                    }
                };
        return new ResourceCollection<>(
                spec(),
                services.securityGroups().ruleKind(),
                operations,
                services.store(),
                services.tags());
    }
}
