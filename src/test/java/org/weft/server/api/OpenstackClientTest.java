package org.weft.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.weft.testsupport.ClientScenario;

/**
 * The real {@code openstack} client (python3-openstackclient, {@code --os-auth-type none}) creates,
 * lists with filters, shows, updates and deletes networks, subnets and ports on a fresh {@code weft
 * server}, in the order of the golden scenario, and each resource it prints reads as the golden
 * answer of the same step (names, defaults, revision numbers; ids, MACs, timestamps and random
 * addresses by shape and consistency). The steps build on each other, as the golden run did.
 */
@TestMethodOrder(OrderAnnotation.class)
class OpenstackClientTest {
    private static ClientScenario client;
    private static String networkId;
    private static String portId;

    @BeforeAll
    static void startServer() throws IOException {
        client = ClientScenario.start("openstack-client", GoldenCompatibilityTest.RULES);
    }

    @AfterAll
    static void stopServer() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    @Order(1)
    void networkCreateGivesTheReferenceDefaults() {
        JsonNode network = client.json("network create net1");
        networkId = network.path("id").asText();

        client.assertReadsAsGolden(network, "06-network-create.txt", "network");
    }

    @Test
    @Order(2)
    void networkListFiltersByName() {
        JsonNode rows = client.json("network list --name net1");

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).path("ID").asText()).isEqualTo(networkId);
        assertThat(client.json("network list --name no-such-net")).isEmpty();
    }

    @Test
    @Order(3)
    void networkShowByName() {
        client.assertReadsAsGolden(
                client.json("network show net1"), "07-network-show.txt", "network");
    }

    @Test
    @Order(4)
    void subnetCreateGivesTheReferenceDefaults() {
        JsonNode subnet =
                client.json("subnet create --network net1 --subnet-range 10.0.0.0/24 sub1");

        client.assertReadsAsGolden(subnet, "08-subnet-create.txt", "subnet");
        client.assertReadsAsGolden(client.json("subnet show sub1"), "09-subnet-show.txt", "subnet");
        client.assertReadsAsGolden(
                client.json("network show net1"), "10-network-show-with-subnet.txt", "network");
    }

    @Test
    @Order(5)
    void subnetListFiltersByNetworkAndName() {
        JsonNode rows = client.json("subnet list --network net1");

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).path("Subnet").asText()).isEqualTo("10.0.0.0/24");
        assertThat(client.json("subnet list --name sub1")).hasSize(1);
        assertThat(client.json("subnet list --name no-such-subnet")).isEmpty();
    }

    @Test
    @Order(6)
    void portCreateAllocatesAnAddressAndTheDefaultGroup() {
        JsonNode port = client.json("port create --network net1 port1");
        portId = port.path("id").asText();

        client.assertReadsAsGolden(port, "11-port-create.txt", "port");
    }

    @Test
    @Order(7)
    void portCreateWithAFixedAddressAndABinding() {
        JsonNode port =
                client.json(
                        "port create --network net1 --fixed-ip subnet=sub1,ip-address=10.0.0.50"
                                + " --device-owner compute:nova --device vm-1 --host host1 port2");

        client.assertReadsAsGolden(port, "12-port-create-fixed-ip.txt", "port");
    }

    @Test
    @Order(8)
    void portShowAndUpdate() {
        JsonNode shown = client.json("port show " + portId);
        client.ok("port set --name port1-renamed --disable port1");
        JsonNode updated = client.json("port show port1-renamed");

        client.assertReadsAsGolden(shown, "13-port-show.txt", "port");
        client.assertReadsAsGolden(updated, "14-port-update.txt", "port");
    }

    @Test
    @Order(9)
    void portListFiltersByNetworkOwnerAndAddress() {
        assertThat(client.json("port list --network net1"))
                .extracting(row -> row.path("Name").asText())
                .containsExactlyInAnyOrder("port1-renamed", "port2");
        assertThat(client.json("port list --device-owner compute:nova"))
                .extracting(row -> row.path("Name").asText())
                .containsExactly("port2");
        assertThat(client.json("port list --fixed-ip ip-address=10.0.0.50"))
                .extracting(row -> row.path("Name").asText())
                .containsExactly("port2");
    }

    @Test
    @Order(10)
    void anAddressInUseIsRefused() {
        client.fails(
                client.goldenError("41-err-port-ip-duplicate.txt"),
                "port create --network net1 --fixed-ip subnet=sub1,ip-address=10.0.0.50 duplicate");
    }

    @Test
    @Order(11)
    void aNetworkWithPortsIsNotDeleted() {
        client.fails("Unable to complete operation on network " + networkId, "network delete net1");
    }

    @Test
    @Order(12)
    void networkAndSubnetUpdates() {
        client.ok("network set --name net1-renamed --description 'first network' net1");
        JsonNode network = client.json("network show " + networkId);
        assertThat(network.path("name").asText()).isEqualTo("net1-renamed");
        assertThat(network.path("description").asText()).isEqualTo("first network");

        client.ok("subnet set --dns-nameserver 192.0.2.53 --name sub1-renamed sub1");
        assertThat(client.json("subnet show sub1-renamed").path("dns_nameservers"))
                .extracting(JsonNode::asText)
                .containsExactly("192.0.2.53");

        client.ok("subnet unset --dns-nameserver 192.0.2.53 sub1-renamed");
        assertThat(client.json("subnet show sub1-renamed").path("dns_nameservers")).isEmpty();
    }

    @Test
    @Order(13)
    void anIpv6SlaacSubnetGetsTheReferencePool() {
        client.json("network create net2");
        JsonNode subnet =
                client.json(
                        "subnet create --network net2 --ip-version 6 --ipv6-ra-mode slaac"
                                + " --ipv6-address-mode slaac --subnet-range fd00:1::/64 sub6");

        client.assertReadsAsGolden(subnet, "34-subnet-create-ipv6-slaac.txt", "subnet", "name");
    }

    @Test
    @Order(14)
    void deletesLeaveNothingBehind() {
        client.ok("port delete port1-renamed port2");
        client.fails("No Port found for port2", "port show port2");
        client.ok("subnet delete sub1-renamed");
        client.ok("network delete net1-renamed net2");

        assertThat(client.json("network list")).isEmpty();
        assertThat(client.json("subnet list")).isEmpty();
        assertThat(client.json("port list")).isEmpty();
    }
}
