package org.weft.dataplane.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.weft.dataplane.ovsdb.RecordingListener.rowOf;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.weft.dataplane.linux.Command;
import org.weft.dataplane.ovs.TestSwitch;

@Tag("ovs")
class OvsdbClientTest {
    private static TestSwitch ovs;
    private static OvsdbClient client;
    private static final RecordingListener listener = new RecordingListener();

    @BeforeAll
    static void startSwitch() {
        ovs = TestSwitch.start("ovsdb");
        client = connect().listener(listener).connect();
    }

    @AfterAll
    static void stopSwitch() {
        if (client != null) {
            client.close();
        }
        ovs.close();
    }

    private static OvsdbClient.Builder connect() {
        return OvsdbClient.builder(OvsdbTarget.unix(ovs.ovs().databaseSocket()))
                .monitor(TableMonitor.allColumns("Bridge"))
                .monitor(TableMonitor.columns("Port", "name", "tag"));
    }

    @Test
    void insertedRowIsReferencedByItsUuidNameInTheSameTransaction() {
        TransactionResult result = client.transact(insertBridge("br-named"));

        assertThat(ovs.ovs().vsctl("get", "Bridge", "br-named", "_uuid").strip())
                .isEqualTo(result.uuidOf("bridge").toString());
        assertThat(result.count(1)).isEqualTo(1);
    }

    @Test
    void selectReturnsTheMatchingRowsWithTheColumnsAsked() {
        client.transact(insertBridge("br-select"));

        TransactionResult result =
                client.transact(
                        Operation.select("Bridge", List.of(Condition.equal("name", "br-select")))
                                .columns("_uuid", "name", "datapath_type"));

        Row row = result.rows(0).get(0);
        assertThat(row.string("datapath_type")).isEqualTo("netdev");
        assertThat(row.columns()).containsOnlyKeys("_uuid", "name", "datapath_type");
        assertThat(row.uuid()).isNotNull();
    }

    @Test
    void updateSetsAColumnAndMutateAddsToIt() {
        client.transact(insertBridge("br-update"));
        List<Condition> bridge = List.of(Condition.equal("name", "br-update"));

        TransactionResult result =
                client.transact(
                        Operation.update(
                                "Bridge", bridge, Map.of("external_ids", Map.of("a", "1"))),
                        Operation.mutate(
                                "Bridge",
                                bridge,
                                List.of(Mutation.insert("external_ids", Map.of("b", "2")))));

        assertThat(result.count(0)).isEqualTo(1);
        assertThat(ovs.ovs().vsctl("get", "Bridge", "br-update", "external_ids"))
                .contains("a=\"1\"", "b=\"2\"");
    }

    @Test
    void deletingARowStillReferencedFailsAtCommitWithTheServersDetails() {
        client.transact(insertBridge("br-held"));

        assertThatThrownBy(
                        () ->
                                client.transact(
                                        Operation.delete(
                                                "Bridge",
                                                List.of(Condition.equal("name", "br-held")))))
                .isInstanceOf(TransactionFailedException.class)
                .hasMessageContaining("failed at commit: referential integrity violation")
                .hasMessageContaining("delete from Bridge where [name == br-held]");
        assertThat(ovs.ovs().vsctl("list-br")).contains("br-held");
    }

    @Test
    void portNameThatExistsFailsTheTransactionSayingWhy() {
        client.transact(insertBridge("br-dup"));
        client.transact(insertPort("br-dup", "dup0"));

        assertThatThrownBy(() -> client.transact(insertPort("br-dup", "dup0")))
                .isInstanceOfSatisfying(
                        TransactionFailedException.class,
                        failure -> {
                            assertThat(failure.error()).isEqualTo("constraint violation");
                            assertThat(failure.details())
                                    .contains("(dup0)", "index on column \"name\"");
                        })
                .hasMessageContaining("insert into Interface");
    }

    @Test
    void failedWaitFailsTheWholeTransactionAndNamesTheOperation() {
        client.transact(insertBridge("br-wait"));
        List<Condition> bridge = List.of(Condition.equal("name", "br-wait"));

        assertThatThrownBy(
                        () ->
                                client.transact(
                                        Operation.update(
                                                "Bridge",
                                                bridge,
                                                Map.of("external_ids", Map.of("x", "changed"))),
                                        Operation.Wait.assertEqual(
                                                "Bridge",
                                                bridge,
                                                List.of("fail_mode"),
                                                List.of(Map.of("fail_mode", "secure")))))
                .isInstanceOfSatisfying(
                        TransactionFailedException.class,
                        failure ->
                                assertThat(failure.failedOperation())
                                        .get()
                                        .isInstanceOf(Operation.Wait.class))
                .hasMessageContaining("failed at operation 2 of 2 (wait on Bridge")
                .hasMessageContaining("timed out");
        assertThat(ovs.ovs().vsctl("get", "Bridge", "br-wait", "external_ids"))
                .doesNotContain("x=");
    }

    @Test
    void commentGoesIntoTheDatabaseLogWithItsTransaction() {
        client.transact(
                Operation.comment("weft test comment"),
                Operation.mutate(
                        "Open_vSwitch",
                        List.of(),
                        List.of(Mutation.insert("external_ids", Map.of("c", "1")))));

        assertThat(Command.of("ovsdb-tool", "show-log", ovs.ovs().database().toString()).run())
                .contains("weft test comment");
    }

    @Test
    void requestTheServerRefusesAsAWholeSaysWhy() {
        try (OvsdbClient other =
                OvsdbClient.builder(OvsdbTarget.unix(ovs.ovs().databaseSocket()))
                        .database("No_Such_Database")
                        .connect()) {
            assertThatThrownBy(() -> other.transact(Operation.comment("x")))
                    .isInstanceOf(OvsdbRpcException.class)
                    .hasMessageContaining("unknown database");
        }
    }

    @Test
    void echoAndListDatabasesAreAnswered() {
        client.echo();

        assertThat(client.listDatabases()).contains("Open_vSwitch");
    }

    @Test
    void monitorSeesWhatOvsVsctlChangesByHand() throws InterruptedException {
        ovs.ovs().addBridge("br-hand");
        listener.awaitChange(rowOf("Bridge", RowChange.Kind.INSERT, "br-hand"));
        assertThat(client.replica().find("Bridge", "name", "br-hand")).hasSize(1);

        ovs.ovs().vsctl("set", "Bridge", "br-hand", "external_ids:owner=hand");
        RowChange modified =
                listener.awaitChange(
                        rowOf("Bridge", RowChange.Kind.MODIFY, "br-hand")
                                .and(
                                        change ->
                                                change.current()
                                                        .get()
                                                        .stringMap("external_ids")
                                                        .containsKey("owner")));
        assertThat(modified.old().get().stringMap("external_ids")).doesNotContainKey("owner");

        ovs.ovs().vsctl("del-br", "br-hand");
        listener.awaitChange(rowOf("Bridge", RowChange.Kind.DELETE, "br-hand"));
        assertThat(client.replica().find("Bridge", "name", "br-hand")).isEmpty();
    }

    @Test
    void afterTheDatabaseServerRestartsTheReplicaIsRebuiltAndListenersToldWhatChanged()
            throws InterruptedException {
        RecordingListener own = new RecordingListener();
        try (OvsdbClient restarted = connect().listener(own).connect()) {
            ovs.ovs().stopDatabaseServer();
            own.awaitState(SessionState.BACKING_OFF);
            assertThatThrownBy(() -> restarted.transact(Operation.comment("down")))
                    .isInstanceOf(OvsdbConnectionException.class)
                    .hasMessageContaining("not connected");

            insertBridgeOffline("br-offline");
            ovs.ovs().startDatabaseServerAgain();

            restarted.awaitActive(Duration.ofSeconds(10));
            own.awaitChange(rowOf("Bridge", RowChange.Kind.INSERT, "br-offline"));
            assertThat(own.rebuilds()).isEqualTo(2);
            restarted.transact(insertBridge("br-after"));
        }
        client.awaitActive(Duration.ofSeconds(10));
    }

    private static void insertBridgeOffline(String name) {
        String transaction =
                """
                ["Open_vSwitch",
                 {"op": "insert", "table": "Bridge", "uuid-name": "b",
                  "row": {"name": "%s", "datapath_type": "netdev"}},
                 {"op": "mutate", "table": "Open_vSwitch", "where": [],
                  "mutations": [["bridges", "insert", ["named-uuid", "b"]]]}]
                """
                        .formatted(name);
        Command.of("ovsdb-tool", "transact", ovs.ovs().database().toString(), transaction).run();
    }

    private static List<Operation> insertBridge(String name) {
        Operation.Insert bridge =
                Operation.insert("Bridge", Map.of("name", name, "datapath_type", "netdev"))
                        .withUuidName("bridge");
        return List.of(
                bridge,
                Operation.mutate(
                        "Open_vSwitch",
                        List.of(),
                        List.of(Mutation.insert("bridges", Set.of(bridge.reference())))));
    }

    private static List<Operation> insertPort(String bridge, String name) {
        Operation.Insert iface =
                Operation.insert("Interface", Map.of("name", name, "type", "internal"))
                        .withUuidName("iface");
        Operation.Insert port =
                Operation.insert(
                                "Port",
                                Map.of(
                                        "name",
                                        name,
                                        "interfaces",
                                        Set.of(iface.reference()),
                                        "tag",
                                        Optional.of(5L)))
                        .withUuidName("port");
        return List.of(
                iface,
                port,
                Operation.mutate(
                        "Bridge",
                        List.of(Condition.equal("name", bridge)),
                        List.of(Mutation.insert("ports", Set.of(port.reference())))));
    }
}
