package org.weft.agent.l3.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.linux.Placement;

/**
 * What a router namespace holds now, read in one go: its devices (with the port id each was plugged
 * for, kept in the device's alias), their global addresses, and the routes that have a next hop.
 * The router driver compares this with the router it must make and changes only the difference.
 */
public final class NamespaceState {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READ_ALL =
            "ip -j link show; echo; ip -j addr show; echo; ip -j route show; echo;"
                    + " ip -j -6 route show";

    /** A device in the namespace. */
    public record Device(String name, String mac, int mtu, String alias, Set<String> addresses) {}

    /** A route through a next hop ({@code default} or a CIDR). */
    public record Route(String destination, String nexthop, boolean ipv6) {}

    private final Map<String, Device> devices;
    private final Set<Route> routes;

    private NamespaceState(Map<String, Device> devices, Set<Route> routes) {
        this.devices = devices;
        this.routes = routes;
    }

    /** Reads the state of the namespace {@code namespace}. */
    public static NamespaceState read(Placement namespace) {
        String output = Command.of(namespace.wrap(List.of("sh", "-c", READ_ALL))).run();
        List<JsonNode> documents = parse(output);
        if (documents.size() != 4) {
            throw new IllegalStateException(
                    "expected 4 JSON documents from ip, got " + documents.size() + ": " + output);
        }
        Map<String, Device> devices = devices(documents.get(0), documents.get(1));
        Set<Route> routes = new LinkedHashSet<>();
        routes(documents.get(2), false, routes);
        routes(documents.get(3), true, routes);
        return new NamespaceState(devices, routes);
    }

    public Map<String, Device> devices() {
        return devices;
    }

    public Set<Route> routes() {
        return routes;
    }

    private static List<JsonNode> parse(String output) {
        // Four arrays one after another; a MappingIterator would unwrap the first instead.
        List<JsonNode> documents = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(output)) {
            while (parser.nextToken() != null) {
                documents.add(JSON.readTree(parser));
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable ip output: " + output, e);
        }
    }

    private static Map<String, Device> devices(JsonNode links, JsonNode addresses) {
        Map<String, Set<String>> addressesByDevice = new LinkedHashMap<>();
        for (JsonNode link : addresses) {
            Set<String> found = new LinkedHashSet<>();
            for (JsonNode address : link.path("addr_info")) {
                if (!address.path("scope").asText().equals("link")
                        && !address.path("scope").asText().equals("host")) {
                    found.add(
                            address.path("local").asText()
                                    + "/"
                                    + address.path("prefixlen").asInt());
                }
            }
            addressesByDevice.put(link.path("ifname").asText(), found);
        }
        Map<String, Device> devices = new LinkedHashMap<>();
        for (JsonNode link : links) {
            String name = link.path("ifname").asText();
            devices.put(
                    name,
                    new Device(
                            name,
                            link.path("address").asText(),
                            link.path("mtu").asInt(),
                            link.path("ifalias").asText(""),
                            addressesByDevice.getOrDefault(name, Set.of())));
        }
        return devices;
    }

    private static void routes(JsonNode table, boolean ipv6, Set<Route> into) {
        List<Route> found = new ArrayList<>();
        for (JsonNode route : table) {
            if (route.has("gateway")) {
                found.add(
                        new Route(
                                route.path("dst").asText(), route.path("gateway").asText(), ipv6));
            }
        }
        into.addAll(found);
    }
}
