package org.weft.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Values of every JSON type in every attribute of routers, floating IPs and security groups, and
 * bodies of the wrong shape: each is taken or gets a 4xx {@code NeutronError}, never a 500.
 */
class RoutingBadBodiesTest {
    @TempDir static Path dataDir;
    static ApiTestServer server;
    static Client admin;
    static String router;
    static String floatingIp;
    static String group;
    static String rule;

    @BeforeAll
    static void start() {
        server = ApiTestServer.start(dataDir);
        admin = server.admin();
        String external =
                admin.create(
                        "networks", "network", "{\"name\": \"ext\", \"router:external\": true}");
        admin.create(
                "subnets",
                "subnet",
                "{\"network_id\": \""
                        + external
                        + "\", \"ip_version\": 4, \"cidr\": \"172.24.4.0/24\"}");
        router = admin.create("routers", "router", "{\"name\": \"r\"}");
        floatingIp =
                admin.create(
                        "floatingips",
                        "floatingip",
                        "{\"floating_network_id\": \"" + external + "\"}");
        group = admin.create("security-groups", "security_group", "{\"name\": \"g\"}");
        rule =
                admin.post(
                                "/v2.0/security-group-rules",
                                "{\"security_group_rule\": {\"security_group_id\": \""
                                        + group
                                        + "\", \"direction\": \"ingress\"}}")
                        .at("/security_group_rule/id")
                        .asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> requests() {
        List<String> values =
                List.of(
                        "null",
                        "1",
                        "-1",
                        "1.5",
                        "true",
                        "\"\"",
                        "\"x\"",
                        "[]",
                        "[1]",
                        "{}",
                        "{\"a\": 1}",
                        "[{}]",
                        "[{\"destination\": 1, \"nexthop\": null}]",
                        "\"00000000-0000-4000-8000-000000000000\"",
                        "\"\u00e9\u65e5\"");
        List<Arguments> cases = new ArrayList<>();
        List<String[]> targets =
                List.of(
                        new String[] {
                            "POST",
                            "/v2.0/routers",
                            "router",
                            "name,admin_state_up,external_gateway_info"
                        },
                        new String[] {
                            "PUT",
                            "/v2.0/routers/ROUTER",
                            "router",
                            "name,routes,external_gateway_info,admin_state_up"
                        },
                        new String[] {
                            "PUT",
                            "/v2.0/routers/ROUTER/add_router_interface",
                            "",
                            "subnet_id,port_id"
                        },
                        new String[] {
                            "PUT",
                            "/v2.0/routers/ROUTER/remove_router_interface",
                            "",
                            "subnet_id,port_id"
                        },
                        new String[] {
                            "PUT", "/v2.0/routers/ROUTER/add_extraroutes", "router", "routes"
                        },
                        new String[] {
                            "POST",
                            "/v2.0/floatingips",
                            "floatingip",
                            "floating_network_id,port_id,fixed_ip_address,floating_ip_address,subnet_id"
                        },
                        new String[] {
                            "PUT",
                            "/v2.0/floatingips/FIP",
                            "floatingip",
                            "port_id,fixed_ip_address,description"
                        },
                        new String[] {
                            "POST",
                            "/v2.0/security-groups",
                            "security_group",
                            "name,stateful,description"
                        },
                        new String[] {
                            "PUT", "/v2.0/security-groups/GROUP", "security_group", "name,stateful"
                        },
                        new String[] {
                            "POST",
                            "/v2.0/security-group-rules",
                            "security_group_rule",
                            "security_group_id,direction,protocol,port_range_min,port_range_max,ethertype,remote_ip_prefix,remote_group_id,remote_address_group_id"
                        },
                        new String[] {
                            "PUT",
                            "/v2.0/security-group-rules/RULE",
                            "security_group_rule",
                            "description"
                        });
        for (String[] target : targets) {
            for (String attribute : target[3].split(",")) {
                for (String value : values) {
                    String attributes = "{\"" + attribute + "\": " + value + "}";
                    String body =
                            target[2].isEmpty()
                                    ? attributes
                                    : "{\"" + target[2] + "\": " + attributes + "}";
                    cases.add(Arguments.of(target[0], target[1], body));
                }
            }
            cases.add(Arguments.of(target[0], target[1], "[]"));
            cases.add(Arguments.of(target[0], target[1], "{\"x\": "));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("requests")
    void aWrongBodyIsAClientErrorNeverAServerError(String method, String path, String body) {
        Reply reply =
                admin.send(
                        method,
                        path.replace("ROUTER", router)
                                .replace("FIP", floatingIp)
                                .replace("GROUP", group)
                                .replace("RULE", rule),
                        body);

        assertThat(reply.status()).as(reply.text()).isLessThan(500);
        if (reply.status() >= 400) {
            assertThat(reply.errorType()).as(reply.text()).isNotEmpty();
        }
    }
}
