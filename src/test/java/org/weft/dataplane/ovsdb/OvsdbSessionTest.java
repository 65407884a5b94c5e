package org.weft.dataplane.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.weft.dataplane.ovs.PrivateSwitch;

/**
 * The session over TCP and its keep-alive both ways. The switch runs in this namespace, without
 * bridges (so it makes no device here), because its TCP listener must be reachable on loopback.
 */
@Tag("ovs")
class OvsdbSessionTest {
    private static final int PORT = 26640;
    private static PrivateSwitch ovs;

    @BeforeAll
    static void startSwitch() {
        ovs = PrivateSwitch.start(Path.of("target", "wovs-session").toAbsolutePath());
        ovs.vsctl(
                "--",
                "--id=@manager",
                "create",
                "Manager",
                "target=\"ptcp:" + PORT + ":127.0.0.1\"",
                "inactivity_probe=1000",
                "--",
                "set",
                "Open_vSwitch",
                ".",
                "manager_options=@manager");
    }

    @AfterAll
    static void stopSwitch() {
        ovs.stop();
    }

    @Test
    void clientAnswersTheServersEchoSoAQuietConnectionStaysUp() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (OvsdbClient client =
                OvsdbClient.builder(OvsdbTarget.parse("tcp:127.0.0.1:" + PORT))
                        .probeInterval(Duration.ofMinutes(1))
                        .listener(listener)
                        .connect()) {
            // The server probes after a second of silence and drops a client that has not answered
            // within about three (measured: a silent client is gone after 3.1 s).
            Thread.sleep(4000);

            assertThat(listener.states()).doesNotContain(SessionState.BACKING_OFF);
            assertThat(client.listDatabases()).contains("Open_vSwitch");
        }
    }

    @Test
    void serverThatStopsAnsweringIsDroppedAfterTheProbeAndReconnected(@TempDir Path dir)
            throws Exception {
        Path socket = dir.resolve("silent.sock");
        RecordingListener listener = new RecordingListener();
        try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.bind(UnixDomainSocketAddress.of(socket));
            try (OvsdbClient client =
                            OvsdbClient.builder(OvsdbTarget.unix(socket))
                                    .probeInterval(Duration.ofMillis(100))
                                    .listener(listener)
                                    .connect();
                    SocketChannel accepted = silent.accept()) {
                listener.awaitState(SessionState.BACKING_OFF);
                assertThat(client.state()).isNotEqualTo(SessionState.CLOSED);
                assertThat(silent.accept()).isNotNull();
            }
        } finally {
            Files.deleteIfExists(socket);
        }
    }
}
