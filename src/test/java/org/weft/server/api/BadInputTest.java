package org.weft.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.weft.server.api.ApiTestServer.Client;
import org.weft.server.api.ApiTestServer.Reply;

/**
 * Each request of the bad-input list gets the status and NeutronError type the reference
 * server gives for it (checked against Neutron Zed, see golden/ and the notes in the cases), and
 * leaves networks, subnets and ports as they were.
 */
class BadInputTest {
    @TempDir static Path dataDir;
    static ApiTestServer server;
    static Client admin;
    static String network;
    static String subnet;
    static String port;

    @BeforeAll
    static void start() {
        server = ApiTestServer.start(dataDir);
        admin = server.admin();
        network = admin.create("networks", "network", "{\"name\": \"net1\"}");
        subnet =
                admin.create(
                        "subnets",
                        "subnet",
                        "{\"network_id\": \""
                                + network
                                + "\", \"ip_version\": 4, \"cidr\": \"10.0.0.0/24\"}");
        port =
                admin.create(
                        "ports",
                        "port",
                        "{\"network_id\": \""
                                + network
                                + "\", \"fixed_ips\": [{\"subnet_id\": \""
                                + subnet
                                + "\", \"ip_address\": \"10.0.0.50\"}]}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> cases() {
        String missing = "00000000-0000-4000-8000-000000000000";
        return Stream.of(
                of(
                        "malformed JSON",
                        "POST",
                        "/v2.0/networks",
                        "{\"network\": {\"name\": ",
                        400,
                        "HTTPBadRequest",
                        "Body contains invalid data"),
                of(
                        "empty body",
                        "POST",
                        "/v2.0/networks",
                        "",
                        400,
                        "HTTPBadRequest",
                        "Unable to find 'network' in request body"),
                of(
                        "body without the resource key",
                        "POST",
                        "/v2.0/networks",
                        "{\"name\": \"x\"}",
                        400,
                        "HTTPBadRequest",
                        "Unable to find 'network' in request body"),
                of(
                        "body not an object",
                        "POST",
                        "/v2.0/networks",
                        "[1]",
                        400,
                        "HTTPBadRequest",
                        "Body contains invalid data"),
                of(
                        "resource not an object",
                        "POST",
                        "/v2.0/networks",
                        "{\"network\": [1]}",
                        400,
                        "HTTPBadRequest",
                        "Object 'network' contains invalid data"),
                of(
                        "unknown attribute",
                        "POST",
                        "/v2.0/networks",
                        "{\"network\": {\"name\": \"x\", \"bogus\": 1}}",
                        400,
                        "HTTPBadRequest",
                        "Unrecognized attribute(s) 'bogus'"),
                of(
                        "read-only attribute in a create",
                        "POST",
                        "/v2.0/networks",
                        "{\"network\": {\"id\": \"" + missing + "\"}}",
                        400,
                        "HTTPBadRequest",
                        "Attribute 'id' not allowed in POST"),
                of(
                        "read-only attribute in an update",
                        "PUT",
                        "/v2.0/networks/NET",
                        "{\"network\": {\"id\": \"" + missing + "\"}}",
                        400,
                        "HTTPBadRequest",
                        "Cannot update read-only attribute id"),
                of(
                        "string for a boolean",
                        "POST",
                        "/v2.0/networks",
                        "{\"network\": {\"admin_state_up\": \"notabool\"}}",
                        400,
                        "InvalidInput",
                        "Invalid input for operation: 'notabool' cannot be converted to boolean."),
                of(
                        "null for a boolean",
                        "POST",
                        "/v2.0/networks",
                        "{\"network\": {\"admin_state_up\": null}}",
                        400,
                        "InvalidInput",
                        "Invalid input for operation: 'None' cannot be converted to boolean."),
                of(
                        "number for a string",
                        "POST",
                        "/v2.0/networks",
                        "{\"network\": {\"name\": 123}}",
                        400,
                        "HTTPBadRequest",
                        "Invalid input for name. Reason: '123' is not a valid string."),
                of(
                        "text for an integer",
                        "POST",
                        "/v2.0/networks",
                        "{\"network\": {\"mtu\": \"abc\"}}",
                        400,
                        "InvalidInput",
                        "Invalid input for operation: 'abc' is not an integer."),
                of(
                        "oversized name",
                        "POST",
                        "/v2.0/networks",
                        "{\"network\": {\"name\": \"" + "a".repeat(256) + "\"}}",
                        400,
                        "HTTPBadRequest",
                        "Invalid input for name. Reason: '"
                                + "a".repeat(256)
                                + "' exceeds maximum length of 255."),
                of(
                        "oversized body",
                        "POST",
                        "/v2.0/networks",
                        "{\"network\": {\"description\": \"" + "a".repeat(1100 * 1024) + "\"}}",
                        413,
                        "HTTPRequestEntityTooLarge",
                        "Request is too large."),
                of(
                        "invalid UUID",
                        "POST",
                        "/v2.0/subnets",
                        "{\"subnet\": {\"network_id\": \"not-a-uuid\", \"ip_version\": 4, \"cidr\":"
                                + " \"10.6.0.0/24\"}}",
                        400,
                        "HTTPBadRequest",
                        "Invalid input for network_id. Reason: 'not-a-uuid' is not a valid UUID."),
                of(
                        "prefix too long",
                        "POST",
                        "/v2.0/subnets",
                        subnetBody("\"cidr\": \"10.0.0.0/33\""),
                        400,
                        "InvalidInput",
                        "Invalid input for operation: 10.0.0.0/33 is not in a CIDR format."),
                of(
                        "garbage CIDR",
                        "POST",
                        "/v2.0/subnets",
                        subnetBody("\"cidr\": \"not-a-cidr\""),
                        400,
                        "InvalidInput",
                        "Invalid input for operation: not-a-cidr is not in a CIDR format."),
                of(
                        "overlapping subnet",
                        "POST",
                        "/v2.0/subnets",
                        subnetBody("\"cidr\": \"10.0.0.128/25\""),
                        400,
                        "InvalidInput",
                        "Invalid input for operation: Requested subnet with cidr: 10.0.0.128/25 for"
                                + " network: NET overlaps with another subnet."),
                of(
                        "gateway on the network address",
                        "POST",
                        "/v2.0/subnets",
                        subnetBody("\"cidr\": \"10.11.0.0/24\", \"gateway_ip\": \"10.11.0.0\""),
                        400,
                        "InvalidInput",
                        "Invalid input for operation: Gateway is not valid on subnet."),
                of(
                        "gateway not an address",
                        "POST",
                        "/v2.0/subnets",
                        subnetBody("\"cidr\": \"10.10.0.0/24\", \"gateway_ip\": \"bogus\""),
                        400,
                        "HTTPBadRequest",
                        "Invalid input for gateway_ip. Reason: 'bogus' is not a valid IP address."),
                of(
                        "pool outside the CIDR",
                        "POST",
                        "/v2.0/subnets",
                        subnetBody(
                                "\"cidr\": \"10.1.0.0/24\", \"allocation_pools\": [{\"start\":"
                                        + " \"10.1.1.2\", \"end\": \"10.1.1.9\"}]"),
                        400,
                        "OutOfBoundsAllocationPool",
                        "The allocation pool 10.1.1.2-10.1.1.9 spans beyond the subnet cidr"
                                + " 10.1.0.0/24."),
                of(
                        "overlapping pools",
                        "POST",
                        "/v2.0/subnets",
                        subnetBody(
                                "\"cidr\": \"10.2.0.0/24\", \"allocation_pools\": [{\"start\":"
                                        + " \"10.2.0.2\", \"end\": \"10.2.0.9\"}, {\"start\":"
                                        + " \"10.2.0.5\", \"end\": \"10.2.0.20\"}]"),
                        409,
                        "OverlappingAllocationPools",
                        "Found overlapping allocation pools: 10.2.0.2-10.2.0.9 10.2.0.5-10.2.0.20"
                                + " for subnet 10.2.0.0/24."),
                of(
                        "pool backwards",
                        "POST",
                        "/v2.0/subnets",
                        subnetBody(
                                "\"cidr\": \"10.3.0.0/24\", \"allocation_pools\": [{\"start\":"
                                        + " \"10.3.0.9\", \"end\": \"10.3.0.2\"}]"),
                        400,
                        "InvalidAllocationPool",
                        "The allocation pool {'start': '10.3.0.9', 'end': '10.3.0.2'} is not"
                                + " valid."),
                of(
                        "gateway inside a pool",
                        "POST",
                        "/v2.0/subnets",
                        subnetBody(
                                "\"cidr\": \"10.4.0.0/24\", \"allocation_pools\": [{\"start\":"
                                        + " \"10.4.0.1\", \"end\": \"10.4.0.9\"}]"),
                        409,
                        "GatewayConflictWithAllocationPools",
                        "Gateway ip 10.4.0.1 conflicts with allocation pool 10.4.0.1-10.4.0.9."),
                of(
                        "CIDR of the other IP version",
                        "POST",
                        "/v2.0/subnets",
                        "{\"subnet\": {\"network_id\": \"NET\", \"ip_version\": 6, \"cidr\":"
                                + " \"10.6.0.0/24\"}}",
                        400,
                        "InvalidInput",
                        "Invalid input for operation: cidr '10.6.0.0/24' does not match the"
                                + " ip_version '6'."),
                of(
                        "missing network of a subnet",
                        "POST",
                        "/v2.0/subnets",
                        "{\"subnet\": {\"network_id\": \""
                                + missing
                                + "\", \"ip_version\": 4, \"cidr\": \"10.9.0.0/24\"}}",
                        404,
                        "NetworkNotFound",
                        "Network " + missing + " could not be found."),
                of(
                        "missing network of a port",
                        "POST",
                        "/v2.0/ports",
                        "{\"port\": {\"network_id\": \"" + missing + "\"}}",
                        404,
                        "NetworkNotFound",
                        "Network " + missing + " could not be found."),
                of(
                        "fixed IP outside its subnet",
                        "POST",
                        "/v2.0/ports",
                        "{\"port\": {\"network_id\": \"NET\", \"fixed_ips\": [{\"subnet_id\":"
                                + " \"SUB\", \"ip_address\": \"192.168.5.5\"}]}}",
                        400,
                        "InvalidIpForSubnet",
                        "IP address 192.168.5.5 is not a valid IP for the specified subnet."),
                of(
                        "fixed IP in no subnet",
                        "POST",
                        "/v2.0/ports",
                        "{\"port\": {\"network_id\": \"NET\", \"fixed_ips\": [{\"ip_address\":"
                                + " \"192.168.5.5\"}]}}",
                        400,
                        "InvalidIpForNetwork",
                        "IP address 192.168.5.5 is not a valid IP for any of the subnets on the"
                                + " specified network."),
                of(
                        "fixed IP in use",
                        "POST",
                        "/v2.0/ports",
                        "{\"port\": {\"network_id\": \"NET\", \"fixed_ips\": [{\"subnet_id\":"
                                + " \"SUB\", \"ip_address\": \"10.0.0.50\"}]}}",
                        409,
                        "IpAddressAlreadyAllocated",
                        "IP address 10.0.0.50 already allocated in subnet SUB"),
                of(
                        "fixed IPs not a list",
                        "POST",
                        "/v2.0/ports",
                        "{\"port\": {\"network_id\": \"NET\", \"fixed_ips\": \"x\"}}",
                        400,
                        "HTTPBadRequest",
                        "Invalid input for fixed_ips. Reason: Invalid data format for fixed IP:"
                                + " 'x'."),
                of(
                        "MAC address invalid",
                        "POST",
                        "/v2.0/ports",
                        "{\"port\": {\"network_id\": \"NET\", \"mac_address\": \"zz\"}}",
                        400,
                        "HTTPBadRequest",
                        "Invalid input for mac_address. Reason: 'zz' is not a valid MAC address."),
                of(
                        "network still with ports",
                        "DELETE",
                        "/v2.0/networks/NET",
                        null,
                        409,
                        "NetworkInUse",
                        "Unable to complete operation on network NET. There are one or more ports"
                                + " still in use on the network, id for these ports is: PORT."),
                of(
                        "subnet still with addresses",
                        "DELETE",
                        "/v2.0/subnets/SUB",
                        null,
                        409,
                        "SubnetInUse",
                        "Unable to complete operation on subnet SUB: One or more ports have an IP"
                                + " allocation from this subnet."),
                of(
                        "bad filter value",
                        "GET",
                        "/v2.0/networks?admin_state_up=maybe",
                        null,
                        400,
                        "InvalidInput",
                        "Invalid input for operation: 'maybe' cannot be converted to boolean."),
                of(
                        "unknown filter",
                        "GET",
                        "/v2.0/networks?bogus=1",
                        null,
                        400,
                        "HTTPBadRequest",
                        "['bogus'] is invalid attribute for filtering"),
                of(
                        "method not allowed",
                        "PATCH",
                        "/v2.0/networks/NET",
                        "{\"network\": {\"name\": \"x\"}}",
                        405,
                        "HTTPMethodNotAllowed",
                        "The server could not comply with the request since it is either malformed"
                                + " or otherwise incorrect."),
                of(
                        "unknown resource",
                        "GET",
                        "/v2.0/nosuchresource",
                        null,
                        404,
                        "HTTPNotFound",
                        "The resource could not be found."),
                of(
                        "id that is no UUID",
                        "GET",
                        "/v2.0/networks/not-a-uuid",
                        null,
                        404,
                        "NetworkNotFound",
                        "Network not-a-uuid could not be found."));
    }

    private static String subnetBody(String attributes) {
        return "{\"subnet\": {\"network_id\": \"NET\", \"ip_version\": 4, " + attributes + "}}";
    }

    private static Arguments of(
            String name,
            String method,
            String path,
            String body,
            int status,
            String type,
            String message) {
        return Arguments.of(name, method, path, body, status, type, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGetsTheReferenceErrorAndChangesNothing(
            String name,
            String method,
            String path,
            String body,
            int status,
            String type,
            String message) {
        String before = everything();

        Reply reply = admin.send(method, fill(path), body == null ? null : fill(body));

        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.errorType()).isEqualTo(type);
        assertThat(reply.errorMessage()).isEqualTo(fill(message));
        assertThat(reply.body().path("NeutronError").path("detail").asText()).isEmpty();
        assertThat(everything()).isEqualTo(before);
    }

    private static String fill(String text) {
        return text.replace("NET", network).replace("SUB", subnet).replace("PORT", port);
    }

    private static String everything() {
        return admin.get("/v2.0/networks").text()
                + admin.get("/v2.0/subnets").text()
                + admin.get("/v2.0/ports").text()
                + admin.get("/v2.0/quotas/fake_project_id/details").text();
    }
}
