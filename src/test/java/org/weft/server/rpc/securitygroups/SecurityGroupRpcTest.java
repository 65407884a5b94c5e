package org.weft.server.rpc.securitygroups;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.bus.Handlers;
import org.weft.bus.Topics;
import org.weft.bus.internal.inprocess.InProcessBus;
import org.weft.bus.message.L2Messages;
import org.weft.server.api.ApiTestServer;
import org.weft.server.api.ApiTestServer.Client;

/**
 * What an Open vSwitch agent's firewall learns over the bus from a started server: its ports with
 * their groups' rules and the addresses of remote groups' members, and which groups changed.
 */
class SecurityGroupRpcTest {
    @TempDir static Path data;
    static ApiTestServer server;
    static Client admin;
    static InProcessBus bus;
    static final LinkedBlockingQueue<String> told = new LinkedBlockingQueue<>();

    @BeforeAll
    static void startServerOnABus() {
        server = ApiTestServer.start(data);
        admin = server.admin();
        bus = new InProcessBus(Duration.ofSeconds(10));
        server.server().connect(bus);
        bus.subscribe(
                Handlers.forTopic(Topics.L2_AGENT)
                        .on(
                                Topics.SECURITY_GROUPS_RULE_UPDATED,
                                message -> told.add("rules " + message.securityGroupIds()))
                        .on(
                                Topics.SECURITY_GROUPS_MEMBER_UPDATED,
                                message -> told.add("members " + message.securityGroupIds()))
                        .on(Topics.PORT_UPDATE, message -> {})
                        .on(Topics.PORT_DELETE, message -> {})
                        .on(Topics.NETWORK_UPDATE, message -> {})
                        .on(Topics.NETWORK_DELETE, message -> {})
                        .on(Topics.TUNNEL_UPDATE, message -> {})
                        .on(Topics.TUNNEL_DELETE, message -> {})
                        .build(),
                "compute1");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aPortsRulesAndItsRemoteGroupsMembersAreDescribed() throws Exception {
        String network = admin.create("networks", "network", "{\"name\": \"n\"}");
        admin.create(
                "subnets",
                "subnet",
                "{\"network_id\": \""
                        + network
                        + "\", \"ip_version\": 4, \"cidr\": \"10.0.0.0/24\"}");
        String web = admin.create("security-groups", "security_group", "{\"name\": \"web\"}");
        String port =
                admin.create(
                        "ports",
                        "port",
                        "{\"network_id\": \""
                                + network
                                + "\", \"security_groups\": [\""
                                + web
                                + "\"], \"fixed_ips\": [{\"ip_address\": \"10.0.0.9\"}]}");
        assertThat(awaitTold("members [" + web + "]")).isTrue();
        admin.post(
                "/v2.0/security-group-rules",
                "{\"security_group_rule\": {\"security_group_id\": \""
                        + web
                        + "\", \"direction\": \"ingress\", \"protocol\": \"tcp\","
                        + " \"port_range_min\": 80, \"port_range_max\": 80, \"remote_group_id\": \""
                        + web
                        + "\"}}");
        assertThat(awaitTold("rules [" + web + "]")).isTrue();

        L2Messages.SecurityGroupInfo info =
                bus.call(
                        Topics.SECURITY_GROUP_INFO_FOR_DEVICES,
                        new L2Messages.SecurityGroupsRequest(List.of(port, "unknown"), "compute1"));

        assertThat(info.devices()).containsOnlyKeys(port);
        assertThat(info.devices().get(port).securityGroups()).containsExactly(web);
        assertThat(info.securityGroups().get(web))
                .extracting(
                        rule ->
                                rule.direction()
                                        + " "
                                        + rule.protocol()
                                        + " "
                                        + rule.portRangeMin())
                .containsExactlyInAnyOrder(
                        "egress null null", "egress null null", "ingress tcp 80");
        assertThat(info.sgMemberIps().get(web).get("IPv4")).containsExactly("10.0.0.9");
    }

    private static boolean awaitTold(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String message = told.poll(100, TimeUnit.MILLISECONDS);
            if (expected.equals(message)) {
                return true;
            }
        }
        return false;
    }
}
