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
 * The real {@code openstack} client drives routers (gateway set and unset, interface add and
 * remove), floating IPs (create, associate, disassociate, delete), security groups and their rules
 * on a fresh {@code weft server}, in the order of the golden scenario; what it prints reads as the
 * golden answers of the same steps. The steps build on each other, as the golden run did.
 */
@TestMethodOrder(OrderAnnotation.class)
class OpenstackClientRoutingTest {
    private static ClientScenario client;
    private static String routerId;
    private static String floatingIpId;
    private static String ruleId;

    @BeforeAll
    static void startServerWithANetworkAndPorts() throws IOException {
        client = ClientScenario.start("openstack-client-routing", GoldenCompatibilityTest.RULES);
        client.json("network create net1");
        client.json("subnet create --network net1 --subnet-range 10.0.0.0/24 sub1");
        client.json("port create --network net1 port1");
        client.json(
                "port create --network net1 --fixed-ip subnet=sub1,ip-address=10.0.0.50"
                        + " --device-owner compute:nova --device vm-1 --host host1 port2");
    }

    @AfterAll
    static void stopServer() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    @Order(1)
    void routerCreateGivesTheReferenceDefaults() {
        JsonNode router = client.json("router create router1");
        routerId = router.path("id").asText();

        client.assertReadsAsGolden(router, "18-router-create.txt", "router");
        assertThat(client.json("router list --name router1")).hasSize(1);
    }

    @Test
    @Order(2)
    void routerInterfaceOnASubnetTakesTheGatewayAddress() {
        client.ok("router add subnet router1 sub1");

        JsonNode rows = client.json("port list --router router1");
        assertThat(rows).hasSize(1);
        JsonNode port = client.json("port show " + rows.get(0).path("ID").asText());
        client.assertReadsAsGolden(port, "20-router-ports-list.txt", "/ports/0");
        JsonNode interfaces = client.json("router show router1").path("interfaces_info");
        assertThat(interfaces).hasSize(1);
        assertThat(interfaces.get(0).path("ip_address").asText()).isEqualTo("10.0.0.1");
    }

    @Test
    @Order(3)
    void externalNetworkAndSubnet() {
        JsonNode network =
                client.json(
                        "network create --external --provider-network-type flat"
                                + " --provider-physical-network public public");
        client.assertReadsAsGolden(network, "21-network-create-external.txt", "network");

        JsonNode subnet =
                client.json(
                        "subnet create --network public --subnet-range 172.24.4.0/24 --no-dhcp"
                                + " public-sub");
        client.assertReadsAsGolden(subnet, "22-subnet-create-external.txt", "subnet");
        assertThat(client.json("network list --external"))
                .extracting(row -> row.path("Name").asText())
                .containsExactly("public");
    }

    @Test
    @Order(4)
    void routerGatewayOnTheExternalNetwork() {
        client.ok("router set --external-gateway public router1");

        client.assertReadsAsGolden(
                client.json("router show router1"), "23-router-set-gateway.txt", "router");
    }

    @Test
    @Order(5)
    void floatingIpCreatedOnAPort() {
        JsonNode floatingIp = client.json("floating ip create --port port2 public");
        floatingIpId = floatingIp.path("id").asText();

        // the client prints port_details as a Python repr (and nothing after a create)
        client.assertReadsAsGolden(
                floatingIp, "24-floatingip-create.txt", "floatingip", "port_details");
        JsonNode shown = client.json("floating ip show " + floatingIpId);
        client.assertReadsAsGolden(shown, "25-floatingip-show.txt", "floatingip", "port_details");
        assertThat(shown.path("port_details").asText()).contains("name='port2'", "status='DOWN'");
    }

    @Test
    @Order(6)
    void floatingIpDisassociatedAndAssociatedAgain() {
        client.ok("floating ip unset --port " + floatingIpId);
        client.assertReadsAsGolden(
                client.json("floating ip show " + floatingIpId),
                "26-floatingip-disassociate.txt",
                "floatingip");

        client.ok("floating ip set --port port2 " + floatingIpId);
        JsonNode associated = client.json("floating ip show " + floatingIpId);
        assertThat(associated.path("fixed_ip_address").asText()).isEqualTo("10.0.0.50");
        assertThat(associated.path("router_id").asText()).isEqualTo(routerId);
        assertThat(client.json("floating ip list --port port2")).hasSize(1);
        assertThat(client.json("floating ip list --network public")).hasSize(1);
    }

    @Test
    @Order(7)
    void theDefaultSecurityGroupHasTheReferenceRules() {
        assertThat(client.json("security group list"))
                .extracting(row -> row.path("Name").asText())
                .containsExactly("default");

        client.assertReadsAsGolden(
                client.json("security group show default"),
                "27-security-groups-list.txt",
                "/security_groups/0");
    }

    @Test
    @Order(8)
    void securityGroupCreateGetsTwoEgressRules() {
        JsonNode group = client.json("security group create --description 'allow http' web");

        client.assertReadsAsGolden(group, "29-security-group-create.txt", "security_group");
    }

    @Test
    @Order(9)
    void securityGroupRuleCreateAndList() {
        JsonNode rule =
                client.json(
                        "security group rule create --ingress --ethertype IPv4 --protocol tcp"
                                + " --dst-port 80 --remote-ip 0.0.0.0/0 web");

        ruleId = rule.path("id").asText();
        client.assertReadsAsGolden(
                rule, "30-security-group-rule-create.txt", "security_group_rule");
        assertThat(client.json("security group rule list web")).hasSize(3);
        assertThat(client.json("security group rule list --ingress web")).hasSize(1);
    }

    @Test
    @Order(10)
    void aDuplicateRuleIsRefused() {
        client.fails(
                client.goldenError("56-err-sg-rule-duplicate.txt"),
                "security group rule create --ingress --ethertype IPv4 --protocol tcp"
                        + " --dst-port 80 --remote-ip 0.0.0.0/0 web");
    }

    @Test
    @Order(11)
    void securityGroupShowAndUpdate() {
        client.assertReadsAsGolden(
                client.json("security group show web"),
                "31-security-group-show.txt",
                "security_group");

        client.ok("security group set --description 'web servers' web");
        assertThat(client.json("security group show web").path("description").asText())
                .isEqualTo("web servers");
    }

    @Test
    @Order(12)
    void floatingIpDelete() {
        client.ok("floating ip delete " + floatingIpId);

        assertThat(client.json("floating ip list")).isEmpty();
    }

    @Test
    @Order(13)
    void ruleAndGroupDeletes() {
        client.ok("security group rule delete " + ruleId);
        assertThat(client.json("security group rule list web")).hasSize(2);
        client.ok("security group delete web");
        client.fails("web", "security group show web");
    }

    @Test
    @Order(14)
    void aRouterWithAnInterfaceIsNotDeleted() {
        client.fails("409", "router delete router1");
    }

    @Test
    @Order(15)
    void routerInterfaceRemovedAndGatewayCleared() {
        client.ok("router remove subnet router1 sub1");
        // The reference lists the gateway port too: its device_id is the router's.
        assertThat(client.json("port list --router router1"))
                .extracting(row -> row.path("Fixed IP Addresses").toString())
                .singleElement()
                .asString()
                .contains("172.24.4.");

        client.ok("router unset --external-gateway router1");
        assertThat(client.json("port list --router router1")).isEmpty();
        client.assertReadsAsGolden(
                client.json("router show router1"), "66-router-clear-gateway.txt", "router");
    }

    @Test
    @Order(16)
    void routerDelete() {
        client.ok("router delete router1");

        client.fails("No Router found for router1", "router show router1");
        assertThat(client.json("router list")).isEmpty();
    }
}
