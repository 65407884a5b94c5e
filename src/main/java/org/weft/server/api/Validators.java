package org.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.weft.server.Errors;
import org.weft.server.ipam.Cidr;
import org.weft.server.ipam.IpAddress;
import org.weft.server.ipam.MacAddress;

/**
 * The attribute rules of Neutron's API, with its wording. Conversions ({@code convert_to}) fail
 * with {@code InvalidInput}; validations fail with {@code HTTPBadRequest} "Invalid input for
 * ATTRIBUTE. Reason: ...".
 */
public final class Validators {
    private Validators() {}

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern UUID =
            Pattern.compile("(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}");

    /** Accepts the value as it is. */
    public static final Validator ANY = (attribute, value) -> value;

    /** A string of at most {@code max} characters (Unicode code points, as Python counts). */
    public static Validator string(int max) {
        return (attribute, value) -> {
            if (!value.isTextual()) {
                throw Errors.invalidAttribute(
                        attribute, "'" + PythonText.str(value) + "' is not a valid string");
            }
            String text = value.asText();
            if (text.codePointCount(0, text.length()) > max) {
                throw Errors.invalidAttribute(
                        attribute, "'" + text + "' exceeds maximum length of " + max);
            }
            return value;
        };
    }

    /** {@link #string} or null. */
    public static Validator stringOrNull(int max) {
        return orNull(string(max));
    }

    public static Validator orNull(Validator validator) {
        return (attribute, value) -> value.isNull() ? value : validator.apply(attribute, value);
    }

    /** Neutron's {@code convert_to_boolean}: booleans, 0 and 1, and their spellings as text. */
    public static final Validator BOOLEAN =
            (attribute, value) -> BooleanNode.valueOf(toBoolean(value));

    static boolean toBoolean(JsonNode value) {
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isIntegralNumber() && (value.asLong() == 0 || value.asLong() == 1)) {
            return value.asLong() == 1;
        }
        if (value.isTextual()) {
            switch (value.asText().toLowerCase(Locale.ROOT)) {
                case "true", "1" -> {
                    return true;
                }
                case "false", "0" -> {
                    return false;
                }
                default -> {}
            }
        }
        throw Errors.invalidInput("'" + PythonText.str(value) + "' cannot be converted to boolean");
    }

    /** Neutron's {@code convert_to_int}: integers, and integers written as text. */
    public static final Validator INTEGER = (attribute, value) -> IntNode.valueOf(toInteger(value));

    static int toInteger(JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.asInt();
        }
        if (value.isTextual()) {
            try {
                return Integer.parseInt(value.asText().strip());
            } catch (NumberFormatException e) {
                // Falls through to the reference's message.
            }
        }
        throw Errors.invalidInput("'" + PythonText.str(value) + "' is not an integer");
    }

    /** An integer, given as one or as text, at least {@code min}. */
    public static Validator integerAtLeast(int min) {
        return INTEGER.then(
                (attribute, value) -> {
                    if (value.asInt() < min) {
                        throw Errors.invalidAttribute(
                                attribute,
                                "'"
                                        + value.asInt()
                                        + "' is too small - must be at least '"
                                        + min
                                        + "'");
                    }
                    return value;
                });
    }

    public static boolean isUuid(String text) {
        return UUID.matcher(text).matches();
    }

    /** A UUID, returned in lower case. */
    public static final Validator UUID_TEXT =
            (attribute, value) -> {
                if (!value.isTextual() || !isUuid(value.asText())) {
                    throw Errors.invalidAttribute(
                            attribute, "'" + PythonText.str(value) + "' is not a valid UUID");
                }
                return TextNode.valueOf(value.asText().toLowerCase(Locale.ROOT));
            };

    /** One of {@code choices} (strings or integers as JSON). */
    public static Validator oneOf(List<?> choices) {
        return (attribute, value) -> {
            for (Object choice : choices) {
                boolean same =
                        choice instanceof Integer number
                                ? value.isIntegralNumber() && value.asInt() == number
                                : value.isTextual() && value.asText().equals(choice);
                if (same) {
                    return value;
                }
            }
            throw Errors.invalidAttribute(
                    attribute, PythonText.str(value) + " is not in valid_values");
        };
    }

    /** An IP address of either version, in canonical form. */
    public static final Validator IP_ADDRESS =
            (attribute, value) -> TextNode.valueOf(ipAddress(attribute, value).toString());

    static IpAddress ipAddress(String attribute, JsonNode value) {
        if (!value.isTextual() || !IpAddress.isValid(value.asText())) {
            throw Errors.invalidAttribute(
                    attribute, "'" + PythonText.str(value) + "' is not a valid IP address");
        }
        return IpAddress.parse(value.asText());
    }

    /** A MAC address, in lower case with colons. */
    public static final Validator MAC_ADDRESS =
            (attribute, value) -> {
                if (!value.isTextual() || !MacAddress.isValid(value.asText())) {
                    throw Errors.invalidAttribute(
                            attribute,
                            "'" + PythonText.str(value) + "' is not a valid MAC address");
                }
                return TextNode.valueOf(MacAddress.parse(value.asText()).toString());
            };

    /** A subnet's CIDR: converted as Neutron does, host bits cleared. */
    public static final Validator SUBNET_CIDR =
            (attribute, value) -> {
                if (!value.isTextual() || !Cidr.isValid(value.asText())) {
                    throw Errors.invalidInput(PythonText.str(value) + " is not in a CIDR format");
                }
                return TextNode.valueOf(Cidr.parse(value.asText()).toString());
            };

    /** A JSON object. */
    public static final Validator DICTIONARY =
            (attribute, value) -> {
                if (!value.isObject()) {
                    throw Errors.invalidAttribute(
                            attribute, "'" + PythonText.str(value) + "' is not a dictionary");
                }
                return value;
            };

    /** A list whose items each pass {@code item}. */
    public static Validator listOf(Validator item) {
        return (attribute, value) -> {
            if (!value.isArray()) {
                throw Errors.invalidAttribute(
                        attribute, "'" + PythonText.str(value) + "' is not a list");
            }
            ArrayNode converted = JSON.arrayNode();
            for (JsonNode element : value) {
                converted.add(item.apply(attribute, element));
            }
            return converted;
        };
    }

    /** A list of UUIDs, as {@code security_groups}. */
    public static final Validator UUID_LIST = listOf(UUID_TEXT);

    /** A list of strings, as {@code availability_zone_hints}. */
    public static final Validator STRING_LIST = listOf(string(255));

    /** {@code fixed_ips}: a list of objects with a {@code subnet_id} and/or {@code ip_address}. */
    public static final Validator FIXED_IPS =
            (attribute, value) -> {
                if (!value.isArray()) {
                    throw Errors.invalidAttribute(
                            attribute,
                            "Invalid data format for fixed IP: '" + PythonText.str(value) + "'");
                }
                ArrayNode converted = JSON.arrayNode();
                Set<String> seen = new HashSet<>();
                for (JsonNode fixedIp : value) {
                    if (!fixedIp.isObject()) {
                        throw Errors.invalidAttribute(
                                attribute,
                                "Invalid data format for fixed IP: '"
                                        + PythonText.str(fixedIp)
                                        + "'");
                    }
                    ObjectNode copy = fixedIp.deepCopy();
                    if (fixedIp.has("ip_address")) {
                        String address = ipAddress(attribute, fixedIp.get("ip_address")).toString();
                        if (!seen.add(address)) {
                            throw Errors.invalidAttribute(
                                    attribute, "Duplicate IP address '" + address + "'");
                        }
                        copy.put("ip_address", address);
                    }
                    if (fixedIp.has("subnet_id")) {
                        copy.set("subnet_id", UUID_TEXT.apply(attribute, fixedIp.get("subnet_id")));
                    }
                    converted.add(copy);
                }
                return converted;
            };

    /** {@code allocation_pools}: a list of {@code {start, end}} addresses. */
    public static final Validator ALLOCATION_POOLS =
            (attribute, value) -> {
                if (!value.isArray()) {
                    throw Errors.invalidAttribute(
                            attribute,
                            "Invalid data format for IP pool: '" + PythonText.str(value) + "'");
                }
                ArrayNode converted = JSON.arrayNode();
                for (JsonNode pool : value) {
                    if (!pool.isObject() || !pool.has("start") || !pool.has("end")) {
                        throw Errors.invalidAttribute(
                                attribute,
                                "Invalid data format for IP pool: '" + PythonText.str(pool) + "'");
                    }
                    if (pool.size() > 2) {
                        throw Errors.invalidAttribute(
                                attribute,
                                "Unrecognized attribute(s) '"
                                        + extraKeys(pool, Set.of("start", "end"))
                                        + "'");
                    }
                    ObjectNode range = JSON.objectNode();
                    range.put("start", ipAddress(attribute, pool.get("start")).toString());
                    range.put("end", ipAddress(attribute, pool.get("end")).toString());
                    converted.add(range);
                }
                return converted;
            };

    /** {@code dns_nameservers}: a list of addresses, null for none. */
    public static final Validator NAMESERVERS =
            (attribute, value) -> {
                if (value.isNull()) {
                    return JSON.arrayNode();
                }
                ArrayNode converted = JSON.arrayNode();
                Set<String> seen = new HashSet<>();
                for (JsonNode server : iterable(value)) {
                    String text = PythonText.str(server);
                    if (!server.isTextual() || !IpAddress.isValid(server.asText())) {
                        throw Errors.invalidAttribute(
                                attribute,
                                "'"
                                        + text
                                        + "' is not a valid nameserver. '"
                                        + text
                                        + "' is not a valid IP address");
                    }
                    if (!seen.add(text)) {
                        throw Errors.invalidAttribute(
                                attribute, "Duplicate nameserver '" + text + "'");
                    }
                    converted.add(IpAddress.parse(text).toString());
                }
                return converted;
            };

    /** {@code host_routes}: a list of {@code {destination, nexthop}}, null for none. */
    public static final Validator HOST_ROUTES =
            (attribute, value) -> {
                if (value.isNull()) {
                    return JSON.arrayNode();
                }
                ArrayNode converted = JSON.arrayNode();
                for (JsonNode route : iterable(value)) {
                    if (!route.isObject() || !route.has("destination") || !route.has("nexthop")) {
                        throw Errors.invalidAttribute(
                                attribute,
                                "Invalid data format for hostroute: '"
                                        + PythonText.str(route)
                                        + "'");
                    }
                    JsonNode destination = route.get("destination");
                    if (!destination.isTextual() || !Cidr.isValid(destination.asText())) {
                        throw Errors.invalidAttribute(
                                attribute,
                                "'" + PythonText.str(destination) + "' is not a valid CIDR");
                    }
                    ObjectNode copy = JSON.objectNode();
                    copy.put("destination", Cidr.parse(destination.asText()).toString());
                    copy.put("nexthop", ipAddress(attribute, route.get("nexthop")).toString());
                    converted.add(copy);
                }
                return converted;
            };

    /** {@code allowed_address_pairs}: a list of {@code {ip_address[, mac_address]}}. */
    public static final Validator ADDRESS_PAIRS =
            (attribute, value) -> {
                if (!value.isArray()) {
                    throw new org.weft.server.BadRequestException(
                            "AllowedAddressPairsInvalid", "Allowed address pairs must be a list.");
                }
                ArrayNode converted = JSON.arrayNode();
                for (JsonNode pair : value) {
                    if (!pair.isObject() || !pair.has("ip_address")) {
                        throw new org.weft.server.BadRequestException(
                                "AllowedAddressPairsMissingIP",
                                "AllowedAddressPair must contain ip_address");
                    }
                    String ip = pair.get("ip_address").asText();
                    if (!IpAddress.isValid(ip) && !Cidr.isValid(ip)) {
                        throw Errors.invalidAttribute(
                                attribute, "'" + ip + "' is not a valid IP address");
                    }
                    ObjectNode copy = JSON.objectNode();
                    copy.put("ip_address", ip);
                    if (pair.hasNonNull("mac_address")) {
                        copy.set(
                                "mac_address",
                                MAC_ADDRESS.apply(attribute, pair.get("mac_address")));
                    }
                    converted.add(copy);
                }
                return converted;
            };

    /** {@code extra_dhcp_opts}: a list of {@code {opt_name, opt_value[, ip_version]}}. */
    public static final Validator EXTRA_DHCP_OPTIONS =
            (attribute, value) -> {
                if (value.isNull()) {
                    return JSON.arrayNode();
                }
                if (!value.isArray()) {
                    throw Errors.invalidAttribute(
                            attribute, "'" + PythonText.str(value) + "' is not a list");
                }
                ArrayNode converted = JSON.arrayNode();
                for (JsonNode option : value) {
                    if (!option.isObject() || !option.hasNonNull("opt_name")) {
                        throw Errors.invalidAttribute(
                                attribute,
                                "Invalid data format for extra-dhcp-opt: "
                                        + PythonText.str(option));
                    }
                    ObjectNode copy = JSON.objectNode();
                    copy.put("opt_name", option.get("opt_name").asText());
                    copy.put("opt_value", option.path("opt_value").asText());
                    copy.put(
                            "ip_version",
                            option.has("ip_version") ? toInteger(option.get("ip_version")) : 4);
                    converted.add(copy);
                }
                return converted;
            };

    private static Iterable<JsonNode> iterable(JsonNode value) {
        if (value.isArray()) {
            return value;
        }
        // Python iterates a string by its characters; the reference's messages show it.
        ArrayNode characters = JSON.arrayNode();
        if (value.isTextual()) {
            value.asText()
                    .codePoints()
                    .forEach(c -> characters.add(new String(Character.toChars(c))));
        } else {
            characters.add(value);
        }
        return characters;
    }

    private static String extraKeys(JsonNode object, Set<String> known) {
        List<String> extra = new java.util.ArrayList<>();
        object.fieldNames()
                .forEachRemaining(
                        name -> {
                            if (!known.contains(name)) {
                                extra.add(name);
                            }
                        });
        return String.join(", ", extra);
    }

    /** Whether {@code text} is a non-negative integer that fits in a long. */
    static boolean isNonNegativeInteger(String text) {
        try {
            return new BigInteger(text).signum() >= 0 && !text.startsWith("+");
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static NullNode nullNode() {
        return NullNode.getInstance();
    }
}
