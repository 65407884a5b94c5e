package org.weft.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.weft.server.api.ApiTestServer.Client;
import org.weft.server.api.ApiTestServer.Reply;
import org.weft.server.service.Change;
import org.weft.server.service.ChangeListener;
import org.weft.server.service.StandardResource;

/**
 * Security groups and rules over HTTP against a started server: the default group of each project,
 * Neutron's conversions and checks of rules (the errors as the reference Neutron gives them, each
 * leaving the store as it was), duplicates, groups in use, tenancy, quotas, events and concurrent
 * first use.
 */
class SecurityGroupApiTest {
    @TempDir static Path dataDir;
    static ApiTestServer server;
    static Client admin;
    static String group;
    static String other;
    static final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        server = ApiTestServer.start(dataDir);
        admin = server.admin();
        server.server()
                .services()
                .events()
                .register(
                        new ChangeListener() {
                            @Override
                            public void resourceChanged(
                                    String resource, Change<? extends StandardResource> change) {
                                events.add(resource + " " + change.kind());
                            }
                        });
        group = admin.create("security-groups", "security_group", "{\"name\": \"rules\"}");
        other = admin.create("security-groups", "security_group", "{\"name\": \"other\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aListMakesTheProjectsDefaultGroupWithNeutronsFourRules() {
        Client tenant = server.as("sg-list-project", null);

        JsonNode groups = tenant.get("/v2.0/security-groups").at("/security_groups");

        assertThat(groups).hasSize(1);
        JsonNode defaultGroup = groups.get(0);
        assertThat(defaultGroup.path("name").asText()).isEqualTo("default");
        assertThat(defaultGroup.path("description").asText()).isEqualTo("Default security group");
        assertThat(defaultGroup.path("revision_number").asLong()).isEqualTo(1);
        String id = defaultGroup.path("id").asText();
        assertThat(defaultGroup.path("security_group_rules"))
                .extracting(
                        rule ->
                                rule.path("direction").asText()
                                        + " "
                                        + rule.path("ethertype").asText()
                                        + " "
                                        + rule.path("remote_group_id").asText("none"))
                .containsExactlyInAnyOrder(
                        "ingress IPv4 " + id,
                        "ingress IPv6 " + id,
                        "egress IPv4 none",
                        "egress IPv6 none");
        assertThat(tenant.get("/v2.0/security-groups").at("/security_groups")).hasSize(1);
    }

    @Test
    void aNetworkCreateMakesTheDefaultGroupOfItsProject() {
        admin.create(
                "networks", "network", "{\"name\": \"n\", \"project_id\": \"sg-net-project\"}");

        Reply groups = admin.get("/v2.0/security-groups?project_id=sg-net-project&fields=name");

        assertThat(groups.at("/security_groups").toString()).isEqualTo("[{\"name\":\"default\"}]");
    }

    @Test
    void aPortWithoutGroupsJoinsTheDefaultGroupAndOneWithGroupsKeepsThem() {
        String network = admin.create("networks", "network", "{\"name\": \"ports\"}");
        String defaultId =
                admin.get("/v2.0/security-groups?name=default&project_id=fake_project_id")
                        .at("/security_groups/0/id")
                        .asText();

        Reply plain = admin.post("/v2.0/ports", portBody(network, ""));
        Reply chosen =
                admin.post(
                        "/v2.0/ports",
                        portBody(network, ", \"security_groups\": [\"" + other + "\"]"));

        assertThat(plain.at("/port/security_groups").toString())
                .isEqualTo("[\"" + defaultId + "\"]");
        assertThat(chosen.at("/port/security_groups").toString()).isEqualTo("[\"" + other + "\"]");
        Reply inUse = admin.delete("/v2.0/security-groups/" + other);
        assertThat(inUse.status()).isEqualTo(409);
        assertThat(inUse.errorType()).isEqualTo("SecurityGroupInUse");
        assertThat(inUse.errorMessage()).isEqualTo("Security Group " + other + " in use.");
        assertThat(
                        admin.get("/v2.0/ports?security_groups=" + other + "&fields=id")
                                .at("/ports/0/id")
                                .asText())
                .isEqualTo(chosen.at("/port/id").asText());
        admin.delete("/v2.0/ports/" + chosen.at("/port/id").asText());
        admin.delete("/v2.0/ports/" + plain.at("/port/id").asText());
    }

    @Test
    void portSecurityOffWithGroupsIsRefused() {
        String network = admin.create("networks", "network", "{\"name\": \"nosec\"}");

        Reply created =
                admin.post(
                        "/v2.0/ports",
                        portBody(
                                network,
                                ", \"port_security_enabled\": false, \"security_groups\": [\""
                                        + group
                                        + "\"]"));
        Reply bare = admin.post("/v2.0/ports", portBody(network, ""));
        Reply disabled =
                admin.put(
                        "/v2.0/ports/" + bare.at("/port/id").asText(),
                        "{\"port\": {\"port_security_enabled\": false}}");

        assertThat(created.errorType()).isEqualTo("PortSecurityAndIPRequiredForSecurityGroups");
        admin.create(
                "ports",
                "port",
                "{\"network_id\": \""
                        + network
                        + "\", \"project_id\": \"sg-insecure-project\","
                        + " \"port_security_enabled\": false}");
        assertThat(
                        admin.get(
                                        "/v2.0/security-groups?project_id=sg-insecure-project&fields=name")
                                .at("/security_groups/0/name")
                                .asText())
                .isEqualTo("default");
        assertThat(disabled.status()).isEqualTo(409);
        assertThat(disabled.errorType()).isEqualTo("PortSecurityPortHasSecurityGroup");
        admin.delete("/v2.0/ports/" + bare.at("/port/id").asText());
    }

    @Test
    void aCreatedGroupHasTwoEgressRulesAndTheNameDefaultIsTaken() {
        Reply created =
                admin.post(
                        "/v2.0/security-groups",
                        "{\"security_group\": {\"name\": \"web\", \"description\": \"d\"}}");
        Reply named =
                admin.post(
                        "/v2.0/security-groups", "{\"security_group\": {\"name\": \"default\"}}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(NetworkApiTest.fieldNames(created.at("/security_group")))
                .containsExactly(
                        "id",
                        "name",
                        "stateful",
                        "tenant_id",
                        "description",
                        "shared",
                        "security_group_rules",
                        "tags",
                        "created_at",
                        "updated_at",
                        "revision_number",
                        "project_id");
        assertThat(created.at("/security_group/security_group_rules"))
                .extracting(rule -> rule.path("direction").asText() + rule.path("ethertype"))
                .containsExactlyInAnyOrder("egress\"IPv4\"", "egress\"IPv6\"");
        assertThat(created.at("/security_group/security_group_rules/0/description").isNull())
                .isTrue();
        assertThat(named.status()).isEqualTo(409);
        assertThat(named.errorType()).isEqualTo("SecurityGroupDefaultAlreadyExists");
        admin.delete("/v2.0/security-groups/" + created.at("/security_group/id").asText());
    }

    @Test
    void aRuleIsConvertedAsNeutronStoresItAndShownInItsGroup() {
        Reply rule =
                admin.post(
                        "/v2.0/security-group-rules",
                        ruleBody(
                                "\"direction\": \"ingress\", \"ethertype\": \"ipv6\", \"protocol\":"
                                        + " \"ICMP\", \"port_range_min\": \"8\","
                                        + " \"remote_ip_prefix\": \"FD00:0::1/8\""));

        assertThat(rule.status()).as(rule.text()).isEqualTo(201);
        JsonNode shown = rule.at("/security_group_rule");
        assertThat(shown.path("ethertype").asText()).isEqualTo("IPv6");
        assertThat(shown.path("protocol").asText()).isEqualTo("ipv6-icmp");
        assertThat(shown.path("port_range_min").asInt()).isEqualTo(8);
        assertThat(shown.path("remote_ip_prefix").asText()).isEqualTo("fd00::1/8");
        assertThat(shown.path("normalized_cidr").asText()).isEqualTo("fd00::/8");
        assertThat(shown.path("description").asText()).isEmpty();
        assertThat(shown.has("standard_attr_id")).isFalse();
        JsonNode inGroup = admin.get("/v2.0/security-groups/" + group).at("/security_group");
        assertThat(inGroup.path("security_group_rules").toString())
                .contains(shown.path("id").asText());
        assertThat(inGroup.path("security_group_rules").get(0).path("standard_attr_id").isInt())
                .isTrue();
        String ruleId = shown.path("id").asText();
        long revision = inGroup.path("revision_number").asLong();
        assertThat(admin.delete("/v2.0/security-group-rules/" + ruleId).status()).isEqualTo(204);
        JsonNode after = admin.get("/v2.0/security-groups/" + group).at("/security_group");
        assertThat(after.path("security_group_rules").toString()).doesNotContain(ruleId);
        assertThat(after.path("revision_number").asLong()).isEqualTo(revision + 1);
    }

    @Test
    void aDuplicateRuleNamesTheRuleItDuplicates() {
        Reply first =
                admin.post(
                        "/v2.0/security-group-rules",
                        ruleBody(
                                "\"direction\": \"ingress\", \"protocol\": \"tcp\","
                                        + " \"port_range_min\": 1, \"port_range_max\": 65535,"
                                        + " \"remote_ip_prefix\": \"0.0.0.0/0\""));
        Reply byNumber =
                admin.post(
                        "/v2.0/security-group-rules",
                        ruleBody("\"direction\": \"ingress\", \"protocol\": \"6\""));

        assertThat(first.at("/security_group_rule/port_range_min").isNull()).isTrue();
        assertThat(byNumber.status()).isEqualTo(409);
        assertThat(byNumber.errorType()).isEqualTo("SecurityGroupRuleExists");
        assertThat(byNumber.errorMessage())
                .isEqualTo(
                        "Security group rule already exists. Rule id is "
                                + first.at("/security_group_rule/id").asText()
                                + ".");
        admin.delete("/v2.0/security-group-rules/" + first.at("/security_group_rule/id").asText());
    }

    static Stream<Arguments> badRules() {
        String missing = "00000000-0000-4000-8000-000000000000";
        String protocols =
                " not supported. Only protocol values [None, 'ah', 'dccp', 'egp', 'esp', 'gre',"
                        + " 'hopopt', 'icmp', 'igmp', 'ip', 'ipip', 'ipv6-encap', 'ipv6-frag',"
                        + " 'ipv6-icmp', 'icmpv6', 'ipv6-nonxt', 'ipv6-opts', 'ipv6-route', 'ospf',"
                        + " 'pgm', 'rsvp', 'sctp', 'tcp', 'udp', 'udplite', 'vrrp'] and integer"
                        + " representations [0 to 255] are supported.";
        return Stream.of(
                Arguments.of(
                        "\"direction\": \"sideways\"",
                        400,
                        "HTTPBadRequest",
                        "Invalid input for direction. Reason: sideways is not in valid_values."),
                Arguments.of(
                        "\"direction\": \"ingress\", \"ethertype\": \"IPv5\"",
                        400,
                        "SecurityGroupRuleInvalidEtherType",
                        "Security group rule for ethertype 'IPv5' not supported. Allowed values"
                                + " are ['IPv4', 'IPv6']."),
                Arguments.of(
                        "\"direction\": \"ingress\", \"protocol\": \"foo\"",
                        400,
                        "SecurityGroupRuleInvalidProtocol",
                        "Security group rule protocol foo" + protocols),
                Arguments.of(
                        "\"direction\": \"ingress\", \"protocol\": \"300\"",
                        400,
                        "SecurityGroupRuleInvalidProtocol",
                        "Security group rule protocol 300" + protocols),
                Arguments.of(
                        "\"direction\": \"ingress\", \"protocol\": \"tcp\", \"port_range_min\": 0,"
                                + " \"port_range_max\": 10",
                        400,
                        "SecurityGroupInvalidPortValue",
                        "Invalid value for port 0"),
                Arguments.of(
                        "\"direction\": \"ingress\", \"protocol\": \"tcp\", \"port_range_min\": 1,"
                                + " \"port_range_max\": 70000",
                        400,
                        "SecurityGroupInvalidPortValue",
                        "Invalid value for port 70000"),
                Arguments.of(
                        "\"direction\": \"ingress\", \"protocol\": \"tcp\", \"port_range_min\": 90,"
                                + " \"port_range_max\": 80",
                        400,
                        "SecurityGroupInvalidPortRange",
                        "For TCP/UDP protocols, port_range_min must be <= port_range_max"),
                Arguments.of(
                        "\"direction\": \"ingress\", \"port_range_min\": 22, \"port_range_max\":"
                                + " 22",
                        400,
                        "SecurityGroupProtocolRequiredWithPorts",
                        "Must also specify protocol if port range is given."),
                Arguments.of(
                        "\"direction\": \"ingress\", \"protocol\": \"icmp\", \"port_range_min\":"
                                + " 256",
                        400,
                        "SecurityGroupInvalidIcmpValue",
                        "Invalid value for ICMP type (port_range_min) 256. It must be 0 to 255."),
                Arguments.of(
                        "\"direction\": \"ingress\", \"protocol\": \"icmp\", \"port_range_max\": 3",
                        400,
                        "SecurityGroupMissingIcmpType",
                        "ICMP code (port-range-max) 3 is provided but ICMP type (port-range-min)"
                                + " is missing."),
                Arguments.of(
                        "\"direction\": \"ingress\", \"protocol\": \"ipv6-icmp\"",
                        400,
                        "SecurityGroupEthertypeConflictWithProtocol",
                        "Invalid ethertype IPv4 for protocol ipv6-icmp."),
                Arguments.of(
                        "\"direction\": \"ingress\", \"protocol\": \"112\", \"port_range_min\": 80,"
                                + " \"port_range_max\": 80",
                        400,
                        "SecurityGroupInvalidProtocolForPort",
                        "Ports cannot be specified for protocol 112. Ports are only supported for"
                                + " DCCP, SCTP, TCP, UDP, UDPLITE."),
                Arguments.of(
                        "\"direction\": \"ingress\", \"remote_ip_prefix\": \"::/0\"",
                        400,
                        "SecurityGroupRuleParameterConflict",
                        "Conflicting value ethertype IPv4 for CIDR ::/0"),
                Arguments.of(
                        "\"direction\": \"ingress\", \"remote_ip_prefix\": \"garbage\"",
                        400,
                        "InvalidCIDR",
                        "Invalid CIDR garbage given as IP prefix."),
                Arguments.of(
                        "\"direction\": \"ingress\", \"remote_ip_prefix\": \"10.0.0.0/24\","
                                + " \"remote_group_id\": \"OTHER\"",
                        400,
                        "SecurityGroupMultipleRemoteEntites",
                        "Only one of remote_ip_prefix or remote_group_id or"
                                + " remote_address_group_id may be provided."),
                Arguments.of(
                        "\"direction\": \"ingress\", \"remote_group_id\": \"" + missing + "\"",
                        404,
                        "SecurityGroupNotFound",
                        "Security group " + missing + " does not exist"),
                Arguments.of(
                        "\"direction\": \"ingress\", \"description\": null",
                        400,
                        "HTTPBadRequest",
                        "Invalid input for description. Reason: 'None' is not a valid string."),
                Arguments.of(
                        "\"ethertype\": \"IPv4\"",
                        400,
                        "HTTPBadRequest",
                        "Failed to parse request. Required attribute 'direction' not specified"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRules")
    void aBadRuleGetsTheReferenceErrorAndChangesNothing(
            String attributes, int status, String type, String message) {
        String before = everything();

        Reply reply =
                admin.post(
                        "/v2.0/security-group-rules", ruleBody(attributes.replace("OTHER", other)));

        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.errorType()).isEqualTo(type);
        assertThat(reply.errorMessage()).isEqualTo(message);
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void theWrongBodyKeyIsRefusedAsTheReferenceDoes() {
        Reply reply =
                admin.post("/v2.0/security-groups", "{\"security-group\": {\"name\": \"web\"}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorMessage())
                .isEqualTo("Unable to find 'security_group' in request body");
    }

    @Test
    void theDefaultGroupKeepsItsNameAndOnlyAnAdministratorDeletesIt() {
        Client tenant = server.as("sg-default-project", null);
        String id = tenant.get("/v2.0/security-groups").at("/security_groups/0/id").asText();

        Reply renamed =
                tenant.put(
                        "/v2.0/security-groups/" + id, "{\"security_group\": {\"name\": \"x\"}}");
        Reply described =
                tenant.put(
                        "/v2.0/security-groups/" + id,
                        "{\"security_group\": {\"description\": \"mine\"}}");
        Reply byTenant = tenant.delete("/v2.0/security-groups/" + id);
        Reply byAdmin = admin.delete("/v2.0/security-groups/" + id);

        assertThat(renamed.errorType()).isEqualTo("SecurityGroupCannotUpdateDefault");
        assertThat(described.at("/security_group/revision_number").asLong()).isEqualTo(2);
        assertThat(byTenant.status()).isEqualTo(409);
        assertThat(byTenant.errorType()).isEqualTo("SecurityGroupCannotRemoveDefault");
        assertThat(byAdmin.status()).isEqualTo(204);
        assertThat(tenant.get("/v2.0/security-groups").at("/security_groups/0/id").asText())
                .isNotEqualTo(id);
    }

    @Test
    void aProjectSeesAndUsesOnlyItsOwnGroups() {
        Client tenant = server.as("sg-tenant", null);
        String network = tenant.create("networks", "network", "{\"name\": \"mine\"}");

        Reply shown = tenant.get("/v2.0/security-groups/" + group);
        Reply listed = tenant.get("/v2.0/security-groups?fields=id");
        Reply port =
                tenant.post(
                        "/v2.0/ports",
                        portBody(network, ", \"security_groups\": [\"" + group + "\"]"));
        Reply rule =
                tenant.post(
                        "/v2.0/security-group-rules",
                        ruleBody("\"direction\": \"ingress\", \"protocol\": \"udp\""));

        assertThat(shown.status()).isEqualTo(404);
        assertThat(shown.errorType()).isEqualTo("SecurityGroupNotFound");
        assertThat(listed.text()).doesNotContain(group);
        assertThat(port.status()).isEqualTo(404);
        assertThat(port.errorMessage()).isEqualTo("Security group " + group + " does not exist");
        assertThat(rule.status()).isEqualTo(404);
    }

    @Test
    void groupQuotaHoldsForEveryProject() {
        admin.put(
                "/v2.0/quotas/sg-quota-project",
                "{\"quota\": {\"security_group\": 2, \"security_group_rule\": 6}}");
        Client tenant = server.as("sg-quota-project", null);

        Reply first =
                tenant.post("/v2.0/security-groups", "{\"security_group\": {\"name\": \"a\"}}");
        Reply second =
                tenant.post("/v2.0/security-groups", "{\"security_group\": {\"name\": \"b\"}}");

        assertThat(first.status()).as(first.text()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.errorType()).isEqualTo("OverQuota");
        assertThat(tenant.get("/v2.0/security-groups").at("/security_groups")).hasSize(2);
    }

    @Test
    void changesAreToldToListenersAfterCommit() {
        events.clear();
        String made = admin.create("security-groups", "security_group", "{\"name\": \"told\"}");
        admin.post(
                "/v2.0/security-group-rules",
                "{\"security_group_rule\": {\"security_group_id\": \""
                        + made
                        + "\", \"direction\": \"ingress\", \"protocol\": \"tcp\"}}");
        admin.delete("/v2.0/security-groups/" + made);

        assertThat(events)
                .containsSubsequence(
                        "security_group CREATED",
                        "security_group_rule CREATED",
                        "security_group UPDATED",
                        "security_group_rule DELETED",
                        "security_group DELETED");
    }

    @Test
    void concurrentFirstRequestsOfAProjectMakeOneDefaultGroup() throws Exception {
        Client tenant = server.as("sg-race-project", null);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                replies.add(clients.submit(() -> tenant.get("/v2.0/security-groups")));
            }
            for (Future<Reply> reply : replies) {
                assertThat(reply.get().status()).isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(tenant.get("/v2.0/security-groups?name=default").at("/security_groups"))
                .hasSize(1);
    }

    @Test
    void concurrentIdenticalRulesMakeOneRule() throws Exception {
        String target = admin.create("security-groups", "security_group", "{\"name\": \"race\"}");
        String body =
                "{\"security_group_rule\": {\"security_group_id\": \""
                        + target
                        + "\", \"direction\": \"ingress\", \"protocol\": \"udp\","
                        + " \"port_range_min\": 53, \"port_range_max\": 53}}";
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                replies.add(clients.submit(() -> admin.post("/v2.0/security-group-rules", body)));
            }
            for (Future<Reply> reply : replies) {
                statuses.add(reply.get().status());
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(statuses).containsOnly(201, 409).containsOnlyOnce(201);
        assertThat(
                        admin.get("/v2.0/security-group-rules?security_group_id=" + target)
                                .at("/security_group_rules"))
                .hasSize(3);
    }

    private static String portBody(String network, String more) {
        return "{\"port\": {\"network_id\": \"" + network + "\"" + more + "}}";
    }

    private static String ruleBody(String attributes) {
        return "{\"security_group_rule\": {\"security_group_id\": \""
                + group
                + "\", "
                + attributes
                + "}}";
    }

    private static String everything() {
        return admin.get("/v2.0/security-groups").text()
                + admin.get("/v2.0/security-group-rules").text()
                + admin.get("/v2.0/quotas/fake_project_id/details").text();
    }
}
