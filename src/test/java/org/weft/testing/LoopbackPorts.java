package org.weft.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free TCP port on the root namespace's loopback in the range this project's tests may use
 * (27700–27799), so that parallel test runs do not fight over fixed ports.
 */
public final class LoopbackPorts {
    private static final int FIRST = 27700;
    private static final int COUNT = 100;

    private LoopbackPorts() {}

    public static int free() {
        return free(FIRST, COUNT);
    }

    /** A free port among {@code count} from {@code first}: a part's own range. */
    public static int free(int first, int count) {
        int start = ThreadLocalRandom.current().nextInt(count);
        for (int i = 0; i < count; i++) {
            int port = first + (start + i) % count;
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                probe.setReuseAddress(true);
                return port;
            } catch (IOException taken) {
                // Someone else's; try the next one.
            }
        }
        throw new IllegalStateException(
                "no free loopback port in " + first + "-" + (first + count - 1));
    }
}
