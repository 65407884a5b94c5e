package org.weft.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.weft.bench.WeftServerProcess;

/**
 * Fresh {@code weft server} child processes for tests: a new data directory under {@code
 * target/test-servers/}, a free loopback port from the range the system property {@code
 * weft.test.ports} names (default 19650-19689).
 */
public final class WeftServers {
    private WeftServers() {}

    /** A started server with an empty data directory named after {@code name}. */
    public static WeftServerProcess start(String name) throws IOException {
        Path dataDir =
                Path.of("target", "test-servers", name + "-" + System.currentTimeMillis(), "data")
                        .toAbsolutePath();
        IOException last = null;
        for (int port = firstPort(); port <= lastPort(); port++) {
            if (!free(port)) {
                continue;
            }
            try {
                return WeftServerProcess.start(port, dataDir);
            } catch (IOException e) {
                if (free(port)) {
                    throw e; // the port was not the trouble
                }
                last = e; // another process took the port meanwhile: try the next
            }
        }
        throw new IOException("no weft server could start on ports " + range(), last);
    }

    /** The server {@code -Dweft.test.base=URL} names for tests to use instead of a fresh one. */
    public static Optional<URI> externalBase() {
        return Optional.ofNullable(System.getProperty("weft.test.base")).map(URI::create);
    }

    private static String range() {
        return System.getProperty("weft.test.ports", "19650-19689");
    }

    private static int firstPort() {
        return Integer.parseInt(range().split("-")[0]);
    }

    private static int lastPort() {
        return Integer.parseInt(range().split("-")[1]);
    }

    private static boolean free(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
