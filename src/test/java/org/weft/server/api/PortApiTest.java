package org.weft.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.server.api.ApiTestServer.Client;
import org.weft.server.api.ApiTestServer.Reply;

class PortApiTest {
    @TempDir static Path dataDir;
    static ApiTestServer server;
    static Client admin;
    static String network;
    static String subnet;

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
                                + "\", \"ip_version\": 4, \"cidr\": \"10.0.0.0/24\","
                                // Addresses the tests ask for (.50 up) stay out of the pool,
                                // so that no port given one of it takes them first.
                                + " \"allocation_pools\": [{\"start\": \"10.0.0.2\","
                                + " \"end\": \"10.0.0.49\"}]}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Reply createPort(String attributes) {
        return admin.post(
                "/v2.0/ports",
                "{\"port\": {\"network_id\": \""
                        + network
                        + "\""
                        + (attributes.isEmpty() ? "" : ", ")
                        + attributes
                        + "}}");
    }

    @Test
    void minimalPortGetsAnAddressOfThePoolAndAMacFromTheBase() {
        Reply reply = createPort("\"name\": \"port1\"");

        JsonNode port = reply.at("/port");
        assertThat(reply.status()).isEqualTo(201);
        assertThat(port.path("status").asText()).isEqualTo("DOWN");
        assertThat(port.path("mac_address").asText()).matches("fa:16:3e(:[0-9a-f]{2}){3}");
        assertThat(port.path("fixed_ips").get(0).path("subnet_id").asText()).isEqualTo(subnet);
        String address = port.path("fixed_ips").get(0).path("ip_address").asText();
        int last = Integer.parseInt(address.substring(address.lastIndexOf('.') + 1));
        assertThat(address).startsWith("10.0.0.");
        assertThat(last).isBetween(2, 49);
        assertThat(port.path("binding:vif_type").asText()).isEqualTo("unbound");
        assertThat(port.path("binding:vnic_type").asText()).isEqualTo("normal");
        assertThat(port.path("revision_number").asLong()).isEqualTo(1);
        assertThat(NetworkApiTest.fieldNames(port))
                .startsWith("id", "name", "network_id", "tenant_id", "mac_address")
                .contains("project_id", "allowed_address_pairs", "extra_dhcp_opts", "tags");
    }

    @Test
    void portWithAHostButNoAgentFailsToBind() {
        Reply reply =
                createPort(
                        "\"fixed_ips\": [{\"subnet_id\": \""
                                + subnet
                                + "\", \"ip_address\": \"10.0.0.60\"}],"
                                + " \"device_owner\": \"compute:nova\", \"device_id\": \"vm-1\","
                                + " \"binding:host_id\": \"host1\"");

        assertThat(reply.at("/port/binding:vif_type").asText()).isEqualTo("binding_failed");
        assertThat(reply.at("/port/fixed_ips/0/ip_address").asText()).isEqualTo("10.0.0.60");
        assertThat(
                        admin.get("/v2.0/ports?binding:host_id=host1&fields=device_id")
                                .at("/ports")
                                .toString())
                .isEqualTo("[{\"device_id\":\"vm-1\"}]");
    }

    @Test
    void changedFixedIpsGiveTheOldAddressBack() {
        String id =
                createPort("\"fixed_ips\": [{\"ip_address\": \"10.0.0.70\"}]")
                        .at("/port/id")
                        .asText();

        Reply moved =
                admin.put(
                        "/v2.0/ports/" + id,
                        "{\"port\": {\"fixed_ips\": [{\"ip_address\": \"10.0.0.71\"}]}}");
        Reply reuse = createPort("\"fixed_ips\": [{\"ip_address\": \"10.0.0.70\"}]");

        assertThat(moved.at("/port/fixed_ips/0/ip_address").asText()).isEqualTo("10.0.0.71");
        assertThat(moved.at("/port/revision_number").asLong()).isEqualTo(2);
        assertThat(reuse.status()).isEqualTo(201);
    }

    @Test
    void deletedPortGivesItsAddressBack() {
        String id =
                createPort("\"fixed_ips\": [{\"ip_address\": \"10.0.0.80\"}]")
                        .at("/port/id")
                        .asText();

        assertThat(admin.delete("/v2.0/ports/" + id).status()).isEqualTo(204);
        assertThat(admin.delete("/v2.0/ports/" + id).errorType()).isEqualTo("PortNotFound");
        assertThat(createPort("\"fixed_ips\": [{\"ip_address\": \"10.0.0.80\"}]").status())
                .isEqualTo(201);
    }

    @Test
    void anAddressDrawnForOneEntryIsNeverOneAskedForByAnother() {
        String pair = admin.create("networks", "network", "{\"name\": \"pair\"}");
        String twoAddresses =
                admin.create(
                        "subnets",
                        "subnet",
                        "{\"network_id\": \""
                                + pair
                                + "\", \"ip_version\": 4, \"cidr\": \"10.8.0.0/29\","
                                + " \"enable_dhcp\": false, \"allocation_pools\": [{\"start\":"
                                + " \"10.8.0.2\", \"end\": \"10.8.0.3\"}]}");
        String entries =
                "\"fixed_ips\": [{\"subnet_id\": \""
                        + twoAddresses
                        + "\"}, {\"subnet_id\": \""
                        + twoAddresses
                        + "\", \"ip_address\": \"10.8.0.2\"}]";

        // The pool's other address is drawn at random: ten rounds would meet a wrong draw.
        for (int round = 0; round < 10; round++) {
            Reply created =
                    admin.post(
                            "/v2.0/ports",
                            "{\"port\": {\"network_id\": \"" + pair + "\", " + entries + "}}");
            String id = created.at("/port/id").asText();
            Reply updated = admin.put("/v2.0/ports/" + id, "{\"port\": {" + entries + "}}");

            assertThat(created.status()).as(created.text()).isEqualTo(201);
            assertThat(addresses(created.at("/port"))).containsExactly("10.8.0.3", "10.8.0.2");
            assertThat(updated.status()).as(updated.text()).isEqualTo(200);
            assertThat(addresses(updated.at("/port"))).containsExactly("10.8.0.2", "10.8.0.3");
            assertThat(admin.delete("/v2.0/ports/" + id).status()).isEqualTo(204);
        }
    }

    private static java.util.List<String> addresses(JsonNode port) {
        java.util.List<String> addresses = new java.util.ArrayList<>();
        port.path("fixed_ips").forEach(ip -> addresses.add(ip.path("ip_address").asText()));
        return addresses;
    }

    @Test
    void givenMacAddressIsUniqueOnTheNetwork() {
        Reply first = createPort("\"mac_address\": \"FA:16:3E:AA:BB:CC\", \"fixed_ips\": []");
        Reply second = createPort("\"mac_address\": \"fa:16:3e:aa:bb:cc\", \"fixed_ips\": []");

        assertThat(first.at("/port/mac_address").asText()).isEqualTo("fa:16:3e:aa:bb:cc");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.errorType()).isEqualTo("MacAddressInUse");
    }

    @Test
    void exhaustedSubnetAnswersIpAddressGenerationFailure() {
        String small =
                admin.create(
                        "subnets",
                        "subnet",
                        "{\"network_id\": \""
                                + network
                                + "\", \"ip_version\": 4, \"cidr\": \"10.9.0.0/30\","
                                + " \"enable_dhcp\": false}");
        Reply only = createPort("\"fixed_ips\": [{\"subnet_id\": \"" + small + "\"}]");
        Reply more = createPort("\"fixed_ips\": [{\"subnet_id\": \"" + small + "\"}]");

        assertThat(only.at("/port/fixed_ips/0/ip_address").asText()).isEqualTo("10.9.0.2");
        assertThat(more.status()).isEqualTo(409);
        assertThat(more.errorType()).isEqualTo("IpAddressGenerationFailure");
        assertThat(more.errorMessage())
                .isEqualTo("No more IP addresses available on network " + network + ".");
    }

    @Test
    void slaacSubnetGivesEveryPortItsEui64Address() {
        String v6net = admin.create("networks", "network", "{\"name\": \"v6\"}");
        admin.create(
                "subnets",
                "subnet",
                "{\"network_id\": \""
                        + v6net
                        + "\", \"ip_version\": 6, \"cidr\": \"fd00:1::/64\","
                        + " \"ipv6_ra_mode\": \"slaac\", \"ipv6_address_mode\": \"slaac\"}");

        Reply reply =
                admin.post(
                        "/v2.0/ports",
                        "{\"port\": {\"network_id\": \""
                                + v6net
                                + "\", \"mac_address\": \"fa:16:3e:12:34:56\"}}");

        assertThat(reply.at("/port/fixed_ips/0/ip_address").asText())
                .isEqualTo("fd00:1::f816:3eff:fe12:3456");
    }

    @Test
    void addressPairsTakeThePortMacAndNeedPortSecurity() {
        Reply paired = createPort("\"allowed_address_pairs\": [{\"ip_address\": \"10.0.0.0/24\"}]");
        Reply refused =
                createPort(
                        "\"allowed_address_pairs\": [{\"ip_address\": \"10.0.0.0/24\"}],"
                                + " \"port_security_enabled\": false");

        assertThat(paired.at("/port/allowed_address_pairs/0/mac_address").asText())
                .isEqualTo(paired.at("/port/mac_address").asText());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorType()).isEqualTo("AddressPairAndPortSecurityRequired");
    }

    @Test
    void networkGoesWithItsDhcpPortButNotWithOthers() {
        String net = admin.create("networks", "network", "{\"name\": \"gone\"}");
        admin.create(
                "subnets",
                "subnet",
                "{\"network_id\": \"" + net + "\", \"ip_version\": 4, \"cidr\": \"10.5.0.0/24\"}");
        String dhcp =
                admin.create(
                        "ports",
                        "port",
                        "{\"network_id\": \"" + net + "\", \"device_owner\": \"network:dhcp\"}");
        String vm = admin.create("ports", "port", "{\"network_id\": \"" + net + "\"}");

        Reply inUse = admin.delete("/v2.0/networks/" + net);
        admin.delete("/v2.0/ports/" + vm);
        Reply deleted = admin.delete("/v2.0/networks/" + net);

        assertThat(inUse.errorType()).isEqualTo("NetworkInUse");
        assertThat(inUse.errorMessage()).endsWith("id for these ports is: " + vm + ".");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(admin.get("/v2.0/ports/" + dhcp).status()).isEqualTo(404);
        assertThat(admin.get("/v2.0/subnets?network_id=" + net).at("/subnets").size()).isZero();
    }
}
